package dev.faultline.harness.run;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How the runner paces and bounds a run (as opposed to {@link dev.faultline.harness.spi.TestOptions},
 * what the user tests).
 *
 * @param clientTimeout       an op with no completion after this is recorded as info and its worker replaced
 * @param nemesisTimeout      the same for nemesis ops (faults such as restarts can be slow)
 * @param recoveryTimeout     after healing, how long to wait for the target to report a primary
 * @param healGrace           after healing, how long to wait when the target cannot report a primary
 * @param finalTimeLimit      bound on the final phase (final reads)
 * @param progress            print a progress line on stderr
 * @param checks              the run-level checks after the workload's checker (availability, log patterns)
 * @param leaveRunning        keep the cluster up after the run ({@code --leave-db-running}): the target is not torn
 *                            down and the machines are not released (faults are still healed, logs still collected)
 * @param targetFile          the target file the target was read from ({@code --target-file}), or null: test.json
 *                            records it so that {@code --replay} needs no options
 */
public record RunSettings(Duration clientTimeout, Duration nemesisTimeout, Duration recoveryTimeout, Duration healGrace,
                          Duration finalTimeLimit, boolean progress, RunChecks checks, boolean leaveRunning,
                          Path targetFile) {

    public static RunSettings defaults() {
        return new RunSettings(Duration.ofSeconds(10), Duration.ofSeconds(120), Duration.ofSeconds(30), Duration.ofSeconds(5),
                Duration.ofSeconds(60), true, RunChecks.defaults(), false, null);
    }

    public RunSettings withProgress(boolean show) {
        return new RunSettings(clientTimeout, nemesisTimeout, recoveryTimeout, healGrace, finalTimeLimit, show, checks, leaveRunning, targetFile);
    }

    public RunSettings withHealGrace(Duration grace) {
        return new RunSettings(clientTimeout, nemesisTimeout, recoveryTimeout, grace, finalTimeLimit, progress, checks, leaveRunning, targetFile);
    }

    public RunSettings withClientTimeout(Duration timeout) {
        return new RunSettings(timeout, nemesisTimeout, recoveryTimeout, healGrace, finalTimeLimit, progress, checks, leaveRunning, targetFile);
    }

    public RunSettings withChecks(RunChecks runChecks) {
        return new RunSettings(clientTimeout, nemesisTimeout, recoveryTimeout, healGrace, finalTimeLimit, progress, runChecks, leaveRunning, targetFile);
    }

    public RunSettings withLeaveRunning(boolean leave) {
        return new RunSettings(clientTimeout, nemesisTimeout, recoveryTimeout, healGrace, finalTimeLimit, progress, checks, leave, targetFile);
    }

    public RunSettings withTargetFile(Path file) {
        return new RunSettings(clientTimeout, nemesisTimeout, recoveryTimeout, healGrace, finalTimeLimit, progress, checks, leaveRunning, file);
    }
}
