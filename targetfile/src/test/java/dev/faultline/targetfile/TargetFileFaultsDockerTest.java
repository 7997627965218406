package dev.faultline.targetfile;

import dev.faultline.checkers.history.JsonlHistory;
import dev.faultline.checkers.history.Op;
import dev.faultline.harness.run.Registry;
import dev.faultline.results.RunDir;
import dev.faultline.harness.run.RunOutcome;
import dev.faultline.harness.run.TestRun;
import dev.faultline.harness.spi.TestOptions;
import dev.faultline.harness.testing.DockerRequired;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every fault works on a file-described target as on a built-in one: one short Docker run per fault
 * against the toy system of src/test/resources/toy (a Python server under the harness Daemon), and
 * for each, the nemesis op that applied it and the effect in the server's own log: a restart after a
 * kill, a silence while paused, peers unreachable under a partition or total packet loss, and a
 * forward jump of its wall clock (libfaketime reaches Python through libc).
 */
@Tag("docker")
class TargetFileFaultsDockerTest {
    private static final Path TOY = Path.of("src/test/resources/toy/target.yaml");
    private static final Pattern NOW = Pattern.compile("^now (\\d+)$", Pattern.MULTILINE);

    private record Run(List<Op> nemesisOps, List<String> logs) {
        List<Op> completions(String f) {
            return nemesisOps.stream().filter(o -> o.f().equals(f) && o.type().isCompletion()).toList();
        }
    }

    private Run run(String nemesis, Map<String, String> params) throws Exception {
        DockerRequired.check();
        Path store = Files.createDirectories(Path.of("target", "e2e")).resolve(nemesis + "-" + System.nanoTime());
        TestOptions options = new TestOptions("toy-" + nemesis, "toy", "register", List.of(nemesis), 3, 3, Duration.ofSeconds(10),
                Duration.ofSeconds(2), 11, Set.of(), params);
        TestRun run = TestRun.prepare(Registry.load().withTarget(FileTarget.read(TOY)), options);
        RunOutcome outcome = run.run(store, new TestRun.Machines("docker", null), false, new PrintWriter(System.err, true));
        assertThat(outcome.status()).as("run %s: %s", outcome.runDir(), outcome.error()).isEqualTo(RunOutcome.Status.COMPLETED);
        List<Op> nemesisOps = JsonlHistory.read(RunDir.at(outcome.runDir()).history()).ops().stream().filter(Op::isNemesis).toList();
        List<String> logs = new ArrayList<>();
        for (String n : List.of("n1", "n2", "n3")) logs.add(Files.readString(outcome.runDir().resolve("nodes/" + n + "/toy.log")));
        return new Run(nemesisOps, logs);
    }

    @Test
    void kill() throws Exception {
        Run r = run("kill", Map.of());
        assertThat(r.completions("kill")).anySatisfy(o -> assertThat(String.valueOf(o.value())).contains("killed"));
        assertThat(r.completions("start")).anySatisfy(o -> assertThat(String.valueOf(o.value())).contains("started"));
        assertThat(r.logs()).as("a killed server came back with the restart command").anyMatch(l -> l.contains("toy server restarted"));
    }

    @Test
    void pause() throws Exception {
        Run r = run("pause", Map.of());
        assertThat(r.completions("pause")).anySatisfy(o -> assertThat(String.valueOf(o.value())).contains("paused"));
        assertThat(r.logs().stream().mapToLong(TargetFileFaultsDockerTest::largestStepMs).max().orElse(0))
                .as("a paused server printed nothing for a while").isGreaterThan(1500);
    }

    @Test
    void partition() throws Exception {
        Run r = run("partition", Map.of("partition.targets", "one"));
        assertThat(r.completions("start-partition")).anySatisfy(o -> assertThat(o.value()).isInstanceOf(Map.class));
        assertThat(r.logs()).as("a server lost a peer that it had seen, then saw it again").anyMatch(TargetFileFaultsDockerTest::lostAndRegainedAPeer);
    }

    @Test
    void packetLoss() throws Exception {
        Run r = run("packet", Map.of("packet.loss", "100"));
        assertThat(r.completions("start-packet")).anySatisfy(o -> assertThat(String.valueOf(o.value())).contains("loss 100"));
        assertThat(r.logs()).as("a server lost a peer that it had seen, then saw it again").anyMatch(TargetFileFaultsDockerTest::lostAndRegainedAPeer);
    }

    @Test
    void clock() throws Exception {
        Run r = run("clock", Map.of("clock.ops", "bump", "clock.direction", "forward", "clock.min-delta", "120s",
                "clock.max-delta", "600s"));
        assertThat(r.completions("bump-clock")).anySatisfy(o -> assertThat(String.valueOf(o.value())).contains("offset-ms"));
        assertThat(r.logs().stream().mapToLong(TargetFileFaultsDockerTest::largestStepMs).max().orElse(0))
                .as("a server's own wall clock jumped forward by the bump").isGreaterThan(100_000);
    }

    private static List<Long> nows(String log) {
        List<Long> out = new ArrayList<>();
        Matcher m = NOW.matcher(log);
        while (m.find()) out.add(Long.parseLong(m.group(1)));
        return out;
    }

    /** The largest step between consecutive clock readings: a silence (pause) or a jump of the clock. */
    private static long largestStepMs(String log) {
        List<Long> t = nows(log);
        long max = 0;
        for (int i = 1; i < t.size(); i++) max = Math.max(max, t.get(i) - t.get(i - 1));
        return max;
    }

    /** Some peer went up, then down, then up again. */
    private static boolean lostAndRegainedAPeer(String log) {
        Map<String, StringBuilder> states = new java.util.HashMap<>();
        for (String line : log.split("\n")) {
            String[] w = line.split(" ");
            if (w.length != 3 || !w[0].equals("peer")) continue;
            StringBuilder s = states.computeIfAbsent(w[1], k -> new StringBuilder());
            char c = w[2].equals("up") ? 'U' : 'D';
            if (s.isEmpty() || s.charAt(s.length() - 1) != c) s.append(c);
        }
        return states.values().stream().anyMatch(s -> s.indexOf("UDU") >= 0);
    }
}
