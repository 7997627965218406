package dev.faultline.harness.run;

import dev.faultline.checkers.result.CheckResult;

import java.nio.file.Path;

/**
 * How a run ended.
 *
 * @param result the checker's verdict, or null if the run crashed or was interrupted before checking
 * @param error  why the run crashed, or null
 */
public record RunOutcome(Path runDir, Status status, CheckResult result, String error) {
    public enum Status {
        COMPLETED, CRASHED, INTERRUPTED;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** 0 valid, 1 invalid, 2 unknown, 3 the run itself crashed or was interrupted. */
    public int exitCode() {
        return status == Status.COMPLETED && result != null ? result.validity().exitCode() : 3;
    }
}
