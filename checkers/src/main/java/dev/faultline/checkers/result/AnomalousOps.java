package dev.faultline.checkers.result;

import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.Op;

import java.util.List;
import java.util.OptionalLong;

/**
 * Evidence ({@link CheckResult#detail()}) that names the history ops taking part in the anomaly it
 * describes, so that tools can tell when in a run the first anomaly began (e.g. the self-test's
 * time to the first anomalous op).
 */
public interface AnomalousOps {
    /** Indexes of the ops that take part in the anomaly (invocations or completions); may be empty. */
    List<Long> anomalousOps();

    /** True if the indexes count client ops only (the checker ran on {@link History#clientOps()}), false if they index the whole history. */
    default boolean indexesClientOpsOnly() {
        return false;
    }

    /**
     * The invocation time (ns since the run started) of the earliest op that any invalid node of
     * {@code result} names as anomalous; empty if none names one that {@code history} holds.
     */
    static OptionalLong firstInvocationNanos(CheckResult result, History history) {
        long[] best = {Long.MAX_VALUE};
        History[] clientOnly = {null};
        visit(result, history, clientOnly, best);
        return best[0] == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(best[0]);
    }

    private static void visit(CheckResult result, History history, History[] clientOnly, long[] best) {
        if (result == null || result.validity() != Validity.INVALID) return;
        if (result.detail() instanceof AnomalousOps a) {
            History h = history;
            if (a.indexesClientOpsOnly()) {
                if (clientOnly[0] == null) clientOnly[0] = history.clientOps();
                h = clientOnly[0];
            }
            for (long i : a.anomalousOps()) {
                if (i < 0 || i >= h.size()) continue;
                Op op = h.get((int) i);
                if (!op.isInvoke()) {
                    int inv = h.invocation((int) i);
                    if (inv >= 0) op = h.get(inv);
                }
                if (op.time() >= 0) best[0] = Math.min(best[0], op.time());
            }
        }
        for (CheckResult c : result.children()) visit(c, history, clientOnly, best);
    }
}
