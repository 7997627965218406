package dev.faultline.cli.selftest;

import dev.faultline.checkers.history.HistoryFiles;
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
 * names as taking part in an anomaly ({@link AnomalousOps}), in seconds since the run started.
 */
public final class FirstAnomaly {
    private FirstAnomaly() {}

    /** Reads the run directory's history; empty if the verdict is not invalid, no op is named, or the history cannot be read. */
    public static OptionalDouble seconds(CheckResult result, Path runDir) {
        if (result == null || result.validity() != Validity.INVALID || runDir == null) return OptionalDouble.empty();
        Path file = RunDir.at(runDir).history();
        if (!Files.isRegularFile(file)) return OptionalDouble.empty();
        try {
            OptionalLong nanos = AnomalousOps.firstInvocationNanos(result, HistoryFiles.read(file));
            return nanos.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(nanos.getAsLong() / 1e9);
        } catch (RuntimeException e) {
            return OptionalDouble.empty();
        }
    }
}
