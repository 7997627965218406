package dev.faultline.harness.spi;

import dev.faultline.checkers.result.Validity;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One run that {@code faultline selftest} makes against a target, with the verdict it must give:
 * a safe build under a fault must stay {@link Validity#VALID}; a planted bug ({@code --unsafe}) under
 * the fault that exposes it must be caught ({@link Validity#INVALID}); so must a real system's
 * known-unsafe configuration (no switch, expected invalid: e.g. Redis' asynchronous failover, which
 * Redis documents to lose acknowledged writes). Declared by the target in
 * {@link Target#selfTests()}; run exactly like {@code faultline test} with these options.
 *
 * @param workload        the workload to run (one of the target's)
 * @param unsafe          planted-bug switches on in this run; empty for the safe build
 * @param nemeses         nemesis package names, combined as by {@code --nemesis a,b}; empty for none
 * @param params          {@code --param} values (target, workload and nemesis knobs)
 * @param nodes           cluster size
 * @param concurrency     client workers
 * @param timeLimit       main phase at scale 1 ({@code --time-limit-scale} multiplies it)
 * @param nemesisInterval mean seconds between fault transitions
 * @param expected        the verdict this run must give: VALID for a safe build, INVALID for a planted bug or a
 *                        known-unsafe configuration
 * @param why             one line: what this case demonstrates (shown in the matrix and selftest.json)
 */
public record SelfTestCase(String workload, Set<String> unsafe, List<String> nemeses, Map<String, String> params,
                           int nodes, int concurrency, Duration timeLimit, Duration nemesisInterval,
                           Validity expected, String why) {

    public SelfTestCase {
        Objects.requireNonNull(workload, "workload");
        unsafe = Set.copyOf(unsafe);
        nemeses = List.copyOf(nemeses);
        params = Map.copyOf(params);
        Objects.requireNonNull(timeLimit, "timeLimit");
        Objects.requireNonNull(nemesisInterval, "nemesisInterval");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(why, "why");
        if (nodes < 1) throw new IllegalArgumentException("self-test case needs at least 1 node, was " + nodes);
        if (concurrency < 1) throw new IllegalArgumentException("self-test case needs at least 1 client, was " + concurrency);
        if (expected == Validity.UNKNOWN) throw new IllegalArgumentException("a self-test case must expect valid or invalid");
        if (expected == Validity.VALID && !unsafe.isEmpty()) {
            throw new IllegalArgumentException("a case with --unsafe " + unsafe + " must expect invalid (the bug is caught)");
        }
    }

    /** A safe build under the given faults: must stay valid. */
    public static SelfTestCase safe(String workload, List<String> nemeses, Map<String, String> params, int nodes,
                                    int concurrency, Duration timeLimit, Duration nemesisInterval, String why) {
        return new SelfTestCase(workload, Set.of(), nemeses, params, nodes, concurrency, timeLimit, nemesisInterval,
                Validity.VALID, why);
    }

    /** A planted bug under the faults that expose it: must be caught (invalid). */
    public static SelfTestCase unsafe(String workload, String unsafeSwitch, List<String> nemeses, Map<String, String> params,
                                      int nodes, int concurrency, Duration timeLimit, Duration nemesisInterval, String why) {
        return new SelfTestCase(workload, Set.of(unsafeSwitch), nemeses, params, nodes, concurrency, timeLimit,
                nemesisInterval, Validity.INVALID, why);
    }

    /** The build's name in the matrix: "safe", "known-unsafe" (no switch, expected invalid) or the unsafe switches joined with '+'. */
    public String build() {
        if (unsafe.isEmpty()) return expected == Validity.INVALID ? "known-unsafe" : "safe";
        return String.join("+", new java.util.TreeSet<>(unsafe));
    }

    /** The nemesis combination's name in the matrix: "a+b", or "none". */
    public String nemesisLabel() {
        return nemeses.isEmpty() ? "none" : String.join("+", nemeses);
    }
}
