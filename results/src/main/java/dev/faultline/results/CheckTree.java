package dev.faultline.results;

import dev.faultline.checkers.result.CheckResult;

import java.util.ArrayList;
import java.util.List;

/**
 * The top-level checks of a result tree, as reports list them (checkers table, anomalies, JUnit
 * cases): a result's children, or the result itself if it has none. A run's root ({@value #RUN_ROOT})
 * holds the workload's result and the run-level checks; it is looked through, so the workload's
 * own top level (e.g. one case per key) is listed as before, followed by availability and log patterns.
 */
public final class CheckTree {
    public static final String RUN_ROOT = "run";

    private CheckTree() {
    }

    public static List<CheckResult> topLevel(CheckResult result) {
        if (!result.checker().equals(RUN_ROOT) || result.children().isEmpty()) {
            return result.children().isEmpty() ? List.of(result) : result.children();
        }
        List<CheckResult> out = new ArrayList<>(topLevel(result.children().get(0)));
        out.addAll(result.children().subList(1, result.children().size()));
        return out;
    }
}
