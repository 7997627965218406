package dev.faultline.harness.provision;

import dev.faultline.harness.control.ProcessMarker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The local reaper against real processes of this machine: marked processes of dead runs die, nothing else does. */
class MarkedProcessesTest {
    @TempDir
    Path tmp;

    private final List<Process> started = new ArrayList<>();

    private Process sleeper(Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("sleep", "120");
        pb.environment().putAll(env);
        Process p = pb.start();
        started.add(p);
        return p;
    }

    private static Map<String, String> marker(RunIdentity run) {
        return Map.of(ProcessMarker.ENV_RUN, run.runId(), ProcessMarker.ENV_CONTROLLER, run.controller());
    }

    @Test
    void killsMarkedProcessesOfDeadRunsOnly() throws Exception {
        String suffix = Long.toHexString(new Random().nextLong() & 0xffffffL);
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        RunIdentity dead = new RunIdentity("dead-" + suffix, gone.pid(), 1, RunIdentity.currentBootId());
        RunIdentity live = RunIdentity.forThisProcess("live-" + suffix);
        RunIdentity reused = new RunIdentity("reused-" + suffix, ProcessHandle.current().pid(), 1_000, RunIdentity.currentBootId());
        RunIdentity remote = new RunIdentity("remote-" + suffix, gone.pid(), 1, "another-machine");
        try {
            Process ofDead = sleeper(marker(dead));
            Process stopped = sleeper(marker(dead));
            new ProcessBuilder("kill", "-STOP", Long.toString(stopped.pid())).start().waitFor();
            Process ofReusedPid = sleeper(marker(reused));
            Process ofLive = sleeper(marker(live));
            Process unmarked = sleeper(Map.of("FAULTLINE_NOT_A_MARKER", dead.runId()));
            Process pidfileOnly = sleeper(Map.of(ProcessMarker.ENV_PIDFILE, "/no/such.pid"));
            Process ofRemoteController = sleeper(marker(remote)); // this machine as an SSH node of another controller

            MarkedProcesses.Sweep sweep = MarkedProcesses.sweepDeadRuns(MarkedProcesses.THIS_MACHINE);

            assertThat(sweep.deadRuns()).contains(dead.runId(), reused.runId()).doesNotContain(live.runId(), remote.runId());
            assertThat(sweep.killed()).contains(ofDead.pid(), stopped.pid(), ofReusedPid.pid())
                    .doesNotContain(ofLive.pid(), unmarked.pid(), pidfileOnly.pid(), ofRemoteController.pid());
            for (Process p : List.of(ofDead, stopped, ofReusedPid)) {
                assertThat(p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)).as("pid %d killed", p.pid()).isTrue();
            }
            for (Process p : List.of(ofLive, unmarked, pidfileOnly, ofRemoteController)) assertThat(p.isAlive()).as("pid %d spared", p.pid()).isTrue();
        } finally {
            started.forEach(Process::destroyForcibly);
        }
    }

    @Test
    void theLocalProvisionerDeletesSandboxesOfDeadRunsAndClosesItsOwnProcesses() throws Exception {
        String suffix = Long.toHexString(new Random().nextLong() & 0xffffffL);
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        RunIdentity dead = new RunIdentity("dead-" + suffix, gone.pid(), 1, RunIdentity.currentBootId());
        RunIdentity live = RunIdentity.forThisProcess("live-" + suffix);
        Path tmpRoot = Path.of(System.getProperty("java.io.tmpdir"));
        Path deadSandbox = Files.createDirectories(tmpRoot.resolve("faultline-local-" + dead.runId() + "/n1"));
        Files.writeString(deadSandbox.getParent().resolve(LocalProvisioner.OWNER_FILE), dead.markerFile());
        Path liveSandbox = Files.createDirectories(tmpRoot.resolve("faultline-local-" + live.runId() + "/n1"));
        Files.writeString(liveSandbox.getParent().resolve(LocalProvisioner.OWNER_FILE), live.markerFile());
        Path foreign = Files.createDirectories(tmpRoot.resolve("faultline-local-foreign-" + suffix));
        try {
            RunIdentity mine = RunIdentity.forThisProcess("mine-" + suffix);
            LocalProvisioner p = new LocalProvisioner(tmp.resolve("run"), mine, false);
            var cluster = p.provision(1);
            assertThat(deadSandbox.getParent()).doesNotExist();
            assertThat(liveSandbox).exists();
            assertThat(foreign).exists();
            assertThat(Files.readString(Path.of(cluster.node("n1").remote().nodePath(ProcessMarker.FILE)))).isEqualTo(mine.markerFile());
            var d = new dev.faultline.harness.control.Daemon(cluster.node("n1").remote(),
                    dev.faultline.harness.control.Daemon.Spec.of("sleeper", List.of("sh", "-c", "sleep 120 & sleep 121")));
            long pid = d.start();
            assertThat(new String(Files.readAllBytes(Path.of("/proc/" + pid + "/environ")))).contains(ProcessMarker.ENV_RUN + "=" + mine.runId());
            p.close();
            assertThat(MarkedProcesses.list(MarkedProcesses.THIS_MACHINE)).noneMatch(m -> mine.runId().equals(m.run().orElse(null)));
        } finally {
            for (Path dir : List.of(liveSandbox.getParent(), foreign)) {
                try (var s = Files.walk(dir)) {
                    s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        }
    }
}
