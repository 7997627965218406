package dev.faultline.cli.selftest;

import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.HistoryFiles;
import dev.faultline.checkers.history.Op;
import dev.faultline.checkers.result.AnomalousOps;
import dev.faultline.checkers.result.CheckResult;
import dev.faultline.checkers.result.Validity;
import dev.faultline.results.RunDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * When in a run the first anomaly began: the invocation time of the earliest history op that the checker
 * names as taking part in an anomaly ({@link AnomalousOps}), in seconds since the main phase began (the
 * first client op's invocation).
 */
public final class FirstAnomaly {
    private FirstAnomaly() {}

    /**
     * The invocation time of the first client op: the main phase's start. Setup (containers, installing
     * the target) comes before it and takes from seconds to a minute depending on the machine's load,
     * which says nothing about how soon a fault schedule finds a bug.
     */
    static long mainPhaseStart(History history) {
        for (Op op : history) {
            if (!op.isNemesis() && op.isInvoke() && op.time() >= 0) return op.time();
        }
        return 0;
    }

    /** Reads the run directory's history; empty if the verdict is not invalid, no op is named, or the history cannot be read. */
    public static OptionalDouble seconds(CheckResult result, Path runDir) {
        if (result == null || result.validity() != Validity.INVALID || runDir == null) return OptionalDouble.empty();
        Path file = RunDir.at(runDir).history();
        if (!Files.isRegularFile(file)) return OptionalDouble.empty();
        try {
            History history = HistoryFiles.read(file);
            OptionalLong nanos = AnomalousOps.firstInvocationNanos(result, history);
            if (nanos.isEmpty()) return OptionalDouble.empty();
            long start = mainPhaseStart(history);
            return OptionalDouble.of(Math.max(0, nanos.getAsLong() - start) / 1e9);
        } catch (RuntimeException e) {
            return OptionalDouble.empty();
        }
    }
}
