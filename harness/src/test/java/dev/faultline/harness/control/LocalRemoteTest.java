package dev.faultline.harness.control;

import dev.faultline.harness.control.local.LocalRemote;
import dev.faultline.harness.testing.LateCommands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalRemoteTest {
    @TempDir
    Path tmp;

    @Test
    void execCapturesExitCodeAndStreamsInTheSandbox() {
        LocalRemote r = new LocalRemote("n1", tmp.resolve("n1"), "127.0.0.1");
        ExecResult res = r.sh("pwd; echo $FAULTLINE_NODE >&2; exit 3");
        assertThat(res.exitCode()).isEqualTo(3);
        assertThat(res.stdout().strip()).isEqualTo(tmp.resolve("n1").toString());
        assertThat(res.stderr()).isEqualTo("n1\n");
    }

    @Test
    void absoluteNodePathsLiveInTheSandbox() {
        LocalRemote r = new LocalRemote("n2", tmp.resolve("n2"), "127.0.0.1");
        assertThat(r.nodePath("/var/lib/faultline/clock")).isEqualTo(tmp.resolve("n2/var/lib/faultline/clock").toString());
        assertThat(r.nodePath("relative")).isEqualTo("relative");
        assertThatThrownBy(() -> r.nodePath("/../../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void timeoutThrowsAndKillsTheCommand() {
        LocalRemote r = new LocalRemote("n1", tmp.resolve("n1"), "127.0.0.1");
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> r.exec(List.of("sleep", "30"), Duration.ofMillis(300)))
                .isInstanceOf(RemoteException.class).hasMessageContaining("timed out");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void aCommandNeverActsAfterItsTimeoutOrAnInterruptedCaller() throws Exception {
        LocalRemote r = new LocalRemote("n1", tmp.resolve("n1"), "127.0.0.1");
        LateCommands.neverActAfterTheirTimeout(r);
        LateCommands.dieWithAnInterruptedCaller(r);
    }

    @Test
    void backgroundChildHoldingStdoutDoesNotBlockExec() {
        LocalRemote r = new LocalRemote("n1", tmp.resolve("n1"), "127.0.0.1");
        long t0 = System.nanoTime();
        ExecResult res = r.sh("sleep 5 & echo started", Duration.ofSeconds(4));
        assertThat(res.stdout()).isEqualTo("started\n");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void uploadAndDownloadMapIntoTheSandbox() throws Exception {
        LocalRemote r = new LocalRemote("n1", tmp.resolve("n1"), "127.0.0.1");
        byte[] data = new byte[10_000];
        new Random(2).nextBytes(data);
        Path src = tmp.resolve("src.bin");
        Files.write(src, data);
        r.upload(src, "/opt/app/data.bin");
        assertThat(Files.readAllBytes(tmp.resolve("n1/opt/app/data.bin"))).isEqualTo(data);
        r.download("/opt/app/data.bin", tmp.resolve("out/copy.bin"));
        assertThat(Files.readAllBytes(tmp.resolve("out/copy.bin"))).isEqualTo(data);
        assertThatThrownBy(() -> r.download("/missing", tmp.resolve("m"))).isInstanceOf(RemoteException.class);
    }
}
