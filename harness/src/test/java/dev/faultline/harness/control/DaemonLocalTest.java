package dev.faultline.harness.control;

import dev.faultline.harness.control.local.LocalRemote;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Daemon against a local sandbox: real processes, real signals. */
class DaemonLocalTest {
    @TempDir
    Path tmp;
    private Daemon daemon;

    @AfterEach
    void cleanup() {
        if (daemon != null) daemon.kill();
    }

    @Test
    void startsWithPidfileLogEnvAndWorkDir() throws Exception {
        LocalRemote r = new LocalRemote("n1", tmp.resolve("n1"), "127.0.0.1");
        daemon = new Daemon(r, Daemon.Spec.of("app", List.of("sh", "-c", "echo dir=$(pwd) greeting=$GREETING; exec sleep 60"))
                .withEnv(Map.of("GREETING", "hi there")));
        long pid = daemon.start();
        assertThat(Files.readString(Path.of(r.nodePath("/var/run/faultline/app.pid"))).strip()).isEqualTo(Long.toString(pid));
        assertThat(Files.readString(Path.of(r.nodePath(Daemon.CLOCK_FILE)))).isEqualTo("+0\n");
        Path log = Path.of(r.nodePath("/var/log/faultline/app.log"));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!Files.readString(log).contains("greeting=") && System.nanoTime() < deadline) Thread.sleep(50);
        assertThat(Files.readString(log)).contains("dir=" + r.nodePath("/opt/faultline/app")).contains("greeting=hi there");
        assertThat(daemon.isRunning()).isTrue();
        assertThat(ProcessHandle.of(pid)).isPresent();
    }

    @Test
    void killPauseResumeStopUseRealSignals() {
        LocalRemote r = new LocalRemote("n1", tmp.resolve("n1"), "127.0.0.1");
        daemon = new Daemon(r, Daemon.Spec.of("sleeper", List.of("sleep", "60")));
        long pid = daemon.start();
        daemon.pause();
        assertThat(r.sh("grep State /proc/" + pid + "/status").stdout()).contains("stopped");
        daemon.resume();
        assertThat(r.sh("grep State /proc/" + pid + "/status").stdout()).doesNotContain("stopped");
        daemon.kill();
        assertThat(daemon.isRunning()).isFalse();
        // Gone, or a zombie waiting for whichever process adopted it to reap it: either way, dead.
        assertThat(r.sh("grep State /proc/" + pid + "/status 2>/dev/null || echo gone").stdout()).containsAnyOf("gone", "zombie");
        daemon.start();
        daemon.stop(Duration.ofSeconds(5));
        assertThat(daemon.isRunning()).isFalse();
        assertThat(daemon.signal("KILL")).as("signal to a stopped daemon reports false").isFalse();
    }

    @Test
    void programThatExitsAtOnceFailsWithItsLog() {
        LocalRemote r = new LocalRemote("n1", tmp.resolve("n1"), "127.0.0.1");
        Daemon bad = new Daemon(r, Daemon.Spec.of("bad", List.of("sh", "-c", "echo boom-reason; exit 1")));
        assertThatThrownBy(bad::start).isInstanceOf(RemoteException.class).hasMessageContaining("boom-reason");
    }

    @Test
    void clockOffsetsAreValidatedAndWrittenAtomically() throws Exception {
        LocalRemote r = new LocalRemote("n1", tmp.resolve("n1"), "127.0.0.1");
        Daemon.writeClock(r, "+3600");
        assertThat(Files.readString(Path.of(r.nodePath(Daemon.CLOCK_FILE)))).isEqualTo("+3600\n");
        Daemon.writeClock(r, "@2030-01-01 00:00:00");
        Daemon.writeClock(r, "-2h");
        Daemon.writeClock(r, "+0.2");
        for (String bad : List.of("3600", "+1h x1.5", "", "+1h; rm -rf /")) {
            assertThatThrownBy(() -> Daemon.writeClock(r, bad)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(Files.readString(Path.of(r.nodePath(Daemon.CLOCK_FILE)))).isEqualTo("+0.2\n");
    }

    @Test
    void startFreshKillsAPausedLeftoverAndWipesItsDataInsteadOfAdoptingIt() throws Exception {
        LocalRemote r = new LocalRemote("n1", tmp.resolve("n1"), "127.0.0.1");
        Daemon old = new Daemon(r, Daemon.Spec.of("app", List.of("sleep", "60")));
        long oldPid = old.start();
        old.pause(); // what a killed controller may leave: a SIGSTOPped server
        Path data = Path.of(r.nodePath("/var/lib/app/data"));
        Files.createDirectories(data);
        Files.writeString(data.resolve("log"), "old run");

        daemon = new Daemon(r, Daemon.Spec.of("app", List.of("sleep", "61")));
        assertThat(daemon.start()).as("start() adopts (restart within a run)").isEqualTo(oldPid);
        long pid = daemon.startFresh("/var/lib/app/data");
        assertThat(pid).isNotEqualTo(oldPid);
        assertThat(r.sh("grep State /proc/" + oldPid + "/status 2>/dev/null || echo gone").stdout()).containsAnyOf("gone", "zombie");
        assertThat(data).doesNotExist();
        assertThat(r.sh("tr '\\0' ' ' < /proc/" + pid + "/cmdline").stdout()).isEqualTo("sleep 61 ");
    }

    @Test
    void aPidfileNamingAnUnrelatedProcessIsNeverSignalled() throws Exception {
        LocalRemote r = new LocalRemote("n1", tmp.resolve("n1"), "127.0.0.1");
        Process unrelated = new ProcessBuilder("sleep", "60").start(); // stands for a reused pid
        try {
            Path pidFile = Path.of(r.nodePath("/var/run/faultline/app.pid"));
            Files.createDirectories(pidFile.getParent());
            Files.writeString(pidFile, unrelated.pid() + "\n");
            daemon = new Daemon(r, Daemon.Spec.of("app", List.of("sleep", "60")));
            assertThat(daemon.isRunning()).as("a pid without this daemon's marker is not this daemon").isFalse();
            assertThat(daemon.signal("KILL")).isFalse();
            daemon.kill();
            long pid = daemon.startFresh();
            assertThat(pid).isNotEqualTo(unrelated.pid());
            assertThat(unrelated.isAlive()).as("the unrelated process survives").isTrue();
        } finally {
            unrelated.destroyForcibly();
        }
    }
}
