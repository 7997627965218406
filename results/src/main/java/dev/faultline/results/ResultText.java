package dev.faultline.results;

import dev.faultline.checkers.history.History;
import dev.faultline.checkers.result.CheckResult;
import dev.faultline.checkers.result.Validity;

import java.util.ArrayList;
import java.util.List;

/**
 * A checked run in plain words, for consoles and test assertions: the same sentences report.html
 * shows in its Counterexample and Anomalies sections.
 */
public final class ResultText {
    private ResultText() {}

    /**
     * One sentence per linearizability counterexample, as report.html words it, e.g. "read of key k1
     * returned 3, but every linearization of the 12 ops before it leaves 4 (op #57, linearizable)".
     */
    public static List<String> counterexamples(CheckResult result, History history) {
        List<String> out = new ArrayList<>();
        for (Counterexample c : Counterexample.find(result, history)) {
            out.add(c.sentence() + " (op #" + c.failing() + ", " + c.checker() + ")");
        }
        return out;
    }

    /**
     * "checker: invalid: summary" for every top-level checker that did not find the history valid,
     * the way report.html lists its anomalies and unknowns.
     */
    public static List<String> anomalies(CheckResult result) {
        List<CheckResult> top = CheckTree.topLevel(result);
        List<String> out = new ArrayList<>();
        for (CheckResult c : top) {
            if (c.validity() != Validity.VALID) out.add(c.checker() + ": " + c.validity().wireName() + ": " + c.summary());
        }
        return out;
    }
}
