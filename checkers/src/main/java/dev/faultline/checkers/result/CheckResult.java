package dev.faultline.checkers.result;

import java.util.List;

/**
 * A node of the result tree a checker returns.
 *
 * @param checker  the checker's name, e.g. "linearizable", "bank", "timeline"
 * @param validity the verdict
 * @param summary  one human sentence: what was found, or which budget ran out
 * @param detail   checker-specific evidence, a record serialisable by Jackson (e.g. a
 *                 linearizability counterexample); null if none
 * @param children sub-results (e.g. one per key); the validity of a composed result is the worst
 *                 of its children
 */
public record CheckResult(String checker, Validity validity, String summary, Object detail, List<CheckResult> children) {
    public CheckResult {
        children = children == null ? List.of() : List.copyOf(children);
    }

    public static CheckResult of(String checker, Validity validity, String summary) {
        return new CheckResult(checker, validity, summary, null, List.of());
    }

    /** A result whose verdict is the worst of its children's. */
    public static CheckResult compose(String checker, String summary, List<CheckResult> children) {
        Validity v = Validity.VALID;
        for (CheckResult c : children) v = v.worst(c.validity());
        return new CheckResult(checker, v, summary, null, children);
    }
}
