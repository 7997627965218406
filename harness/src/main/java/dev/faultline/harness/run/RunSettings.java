package dev.faultline.harness.run;

import dev.faultline.harness.spi.ClientOpTimeout;
import dev.faultline.harness.spi.Target;
import dev.faultline.harness.spi.TestOptions;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How the runner paces and bounds a run (as opposed to {@link dev.faultline.harness.spi.TestOptions},
 * what the user tests).
 *
 * @param clientTimeout       an op with no completion after this is recorded as info and its worker replaced: the
 *                            run default, which {@link #forRun} raises for a target that declares longer ops
 *                            ({@link ClientTimeouts}), unless {@code clientTimeoutFixed}
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
 * @param clientTimeoutFixed  the client timeout was chosen ({@code --client-timeout}, a replay's recorded one):
 *                            {@link #forRun} keeps it whatever the target declares
 */
public record RunSettings(Duration clientTimeout, Duration nemesisTimeout, Duration recoveryTimeout, Duration healGrace,
                          Duration finalTimeLimit, boolean progress, RunChecks checks, boolean leaveRunning,
                          Path targetFile, boolean clientTimeoutFixed) {

    public static RunSettings defaults() {
        return new RunSettings(Duration.ofSeconds(10), Duration.ofSeconds(120), Duration.ofSeconds(30), Duration.ofSeconds(5),
                Duration.ofSeconds(60), true, RunChecks.defaults(), false, null, false);
    }

    public RunSettings withProgress(boolean show) {
        return new RunSettings(clientTimeout, nemesisTimeout, recoveryTimeout, healGrace, finalTimeLimit, show, checks, leaveRunning, targetFile, clientTimeoutFixed);
    }

    public RunSettings withHealGrace(Duration grace) {
        return new RunSettings(clientTimeout, nemesisTimeout, recoveryTimeout, grace, finalTimeLimit, progress, checks, leaveRunning, targetFile, clientTimeoutFixed);
    }

    /** These settings with {@code timeout} as the client timeout whatever the target declares ({@code --client-timeout}). */
    public RunSettings withClientTimeout(Duration timeout) {
        return new RunSettings(timeout, nemesisTimeout, recoveryTimeout, healGrace, finalTimeLimit, progress, checks, leaveRunning, targetFile, true);
    }

    /**
     * These settings for a run of {@code target} with {@code options}: a client timeout that was not
     * chosen becomes {@link ClientTimeouts#effective} of it and the target's {@link ClientOpTimeout}.
     */
    public RunSettings forRun(Target target, TestOptions options) {
        if (clientTimeoutFixed || !(target instanceof ClientOpTimeout declared)) return this;
        Duration effective = ClientTimeouts.effective(clientTimeout, declared.clientOpTimeout(options));
        return new RunSettings(effective, nemesisTimeout, recoveryTimeout, healGrace, finalTimeLimit, progress, checks, leaveRunning, targetFile, false);
    }

    public RunSettings withChecks(RunChecks runChecks) {
        return new RunSettings(clientTimeout, nemesisTimeout, recoveryTimeout, healGrace, finalTimeLimit, progress, runChecks, leaveRunning, targetFile, clientTimeoutFixed);
    }

    public RunSettings withLeaveRunning(boolean leave) {
        return new RunSettings(clientTimeout, nemesisTimeout, recoveryTimeout, healGrace, finalTimeLimit, progress, checks, leave, targetFile, clientTimeoutFixed);
    }

    public RunSettings withTargetFile(Path file) {
        return new RunSettings(clientTimeout, nemesisTimeout, recoveryTimeout, healGrace, finalTimeLimit, progress, checks, leaveRunning, file, clientTimeoutFixed);
    }
}
