package dev.faultline.nemesis.clock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the clock file scripts with a local {@code sh} against a file in a temporary directory
 * (they only touch that file): the same scripts the nemesis sends to nodes.
 */
class ClockFileScriptTest {
    static String sh(String script) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }

    @Test
    void writeReplacesTheFileAtomicallyWithASignedOffset(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sub/clock");
        ClockFile f = new ClockFile(file.toString());
        sh(f.writeScript("-1.500"));
        assertThat(Files.readString(file)).isEqualTo("-1.500\n");
        assertThat(ClockOffset.parse(Files.readString(file)).millis()).isEqualTo(-1500);
        try (var files = Files.list(file.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("clock");
        }
    }

    @Test
    void strobeIsBoundedInFlipsAndTimeAndRestoresTheBase(@TempDir Path dir) throws Exception {
        ClockFile f = new ClockFile(dir.resolve("clock").toString());
        long t0 = System.nanoTime();
        String out = sh(f.strobeScript(new ClockOffset(1500), -200, Duration.ofMillis(20), Duration.ofSeconds(30), 5));
        assertThat(Long.parseLong(out.strip())).isEqualTo(5);
        assertThat(Files.readString(dir.resolve("clock"))).isEqualTo("+1.500\n");
        out = sh(f.strobeScript(ClockOffset.ZERO, 1000, Duration.ofMillis(100), Duration.ofMillis(300), 10_000));
        assertThat(Long.parseLong(out.strip())).isBetween(1L, 4L);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
        assertThat(Files.readString(dir.resolve("clock"))).isEqualTo("+0\n");
    }

    @Test
    void checkReportsTheFileAndTheRealClock(@TempDir Path dir) throws Exception {
        ClockFile f = new ClockFile(dir.resolve("clock").toString());
        sh(f.writeScript("+7"));
        String out = sh(f.checkScript());
        assertThat(out).contains("file=+7\n").containsPattern("wall=\\d{19}\n");
    }

    @Test
    void checkReportsATargetThatSaysTheFakeClockDoesNotReachIt(@TempDir Path dir) throws Exception {
        ClockFile f = new ClockFile(dir.resolve("clock").toString());
        sh(f.writeScript("+7"));
        assertThat(sh(f.checkScript())).doesNotContain("unreached=");
        Files.writeString(dir.resolve("clock.unreached"), "a Go program\n");
        assertThat(dir.resolve("clock.unreached").toString()).endsWith(dev.faultline.harness.control.Daemon.CLOCK_UNREACHED_FILE
                .substring(dev.faultline.harness.control.Daemon.CLOCK_FILE.lastIndexOf('/')));
        assertThat(sh(f.checkScript())).contains("unreached=a Go program\n");
    }

    @Test
    void clearStopsALeftoverStrobeAndResetsTheOffset(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("clock");
        ClockFile f = new ClockFile(file.toString());
        assertThat(sh(f.clearScript()).strip()).isEqualTo("absent");
        assertThat(Files.exists(file)).isFalse(); // nothing created where there was no file

        // a strobe whose op was abandoned: it would flip the file for a minute
        Process strobe = new ProcessBuilder("sh", "-c", f.strobeScript(new ClockOffset(5000), 1000, Duration.ofMillis(50),
                Duration.ofSeconds(60), 10_000)).redirectErrorStream(true).start();
        Thread.sleep(500);
        assertThat(strobe.isAlive()).isTrue();
        assertThat(sh(f.clearScript()).strip()).isEqualTo("+0");
        assertThat(strobe.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        Thread.sleep(300);
        assertThat(Files.readString(file)).isEqualTo("+0\n");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("clock");
        }
        // another file's strobe is not ours to stop
        ClockFile other = new ClockFile(dir.resolve("other").toString());
        Process theirs = new ProcessBuilder("sh", "-c", other.strobeScript(ClockOffset.ZERO, 1000, Duration.ofMillis(50),
                Duration.ofSeconds(60), 10_000)).redirectErrorStream(true).start();
        try {
            Thread.sleep(300);
            sh(f.clearScript());
            assertThat(theirs.isAlive()).isTrue();
        } finally {
            theirs.destroyForcibly();
        }
    }
}
