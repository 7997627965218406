package dev.faultline.cli;

import dev.faultline.checkers.result.Validity;
import dev.faultline.harness.run.TestRun;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad options exit 3 with a reason naming what is wrong and what is known; `list` shows what is on the class path. */
class TestCommandOptionsTest {
    record Outcome(int exit, String out, String err) {
    }

    private static Outcome execute(Callable<Integer> command, String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = new CommandLine(command).execute(args);
            return new Outcome(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private static Outcome test(String... args) throws Exception {
        Path store = Files.createTempDirectory("faultline-options");
        String[] all = new String[args.length + 2];
        all[0] = "--store";
        all[1] = store.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return execute(new TestCommand(), all);
    }

    @Test
    void replayTakesTheRunsOptionsAndRefusesOnesThatWouldChangeIt() throws Exception {
        Path run = Files.createTempDirectory("faultline-replay");
        Outcome o = test("--replay", run.toString(), "--seed", "3", "--nodes", "5");
        assertThat(o.exit()).isEqualTo(3);
        assertThat(o.err()).contains("--replay takes the run's options from " + run.resolve("test.json")).contains("do not give --nodes, --seed");

        o = test("--replay", run.toString());
        assertThat(o.exit()).isEqualTo(3);
        assertThat(o.err()).contains(run.resolve("test.json") + ": missing");

        Files.writeString(run.resolve("test.json"), "{\"name\":\"x\",\"status\":\"completed\",\"target\":\"no-such-target\",\"workload\":\"register\","
                + "\"nodeCount\":3,\"concurrency\":2,\"timeLimitSeconds\":5,\"nemesisIntervalSeconds\":1,\"seed\":4}");
        Files.writeString(run.resolve("history.jsonl"), "");
        o = test("--replay", run.toString());
        assertThat(o.exit()).isEqualTo(3);
        assertThat(o.err()).contains("unknown target 'no-such-target'");

        o = test("--target", "raft-kv");
        assertThat(o.exit()).isEqualTo(3);
        assertThat(o.err()).contains("--workload is required (or --replay RUN_DIR)");
    }

    private static final Path ETCD = Path.of("..", "examples", "etcd", "target.yaml").toAbsolutePath().normalize();

    /** A recorded etcd-file run (no faults carried out) with {@code extra} fields in its test.json. */
    private static Path recordedTargetFileRun(String extra) throws Exception {
        Path run = Files.createTempDirectory("faultline-replay");
        Files.writeString(run.resolve("test.json"), "{\"name\":\"etcd-file-register\",\"status\":\"completed\",\"target\":\"etcd-file\","
                + "\"workload\":\"register\",\"nodeCount\":3,\"concurrency\":2,\"timeLimitSeconds\":5,\"nemesisIntervalSeconds\":1,\"seed\":4"
                + extra + "}");
        Files.writeString(run.resolve("history.jsonl"), "");
        return run;
    }

    private static TestCommand parsed(String... args) {
        TestCommand c = new TestCommand();
        new CommandLine(c).parseArgs(args);
        return c;
    }

    @Test
    void replayTakesTheTargetFileAndTheChecksFromTheRecord() throws Exception {
        Path run = recordedTargetFileRun(",\"targetFile\":" + quoted(ETCD.toString())
                + ",\"checks\":{\"logPatterns\":[\"panic\"],\"logVerdict\":\"unknown\",\"minAvailability\":0.9}");
        TestCommand c = parsed("--replay", run.toString());
        TestRun replay = c.replayRun(c.plugins.registry(), c.replayed());
        assertThat(replay.options().target()).isEqualTo("etcd-file");
        assertThat(replay.targetFile()).as("recorded again by the replay").isEqualTo(ETCD);
        assertThat(replay.checks().logPatterns()).containsExactly("panic");
        assertThat(replay.checks().logVerdict()).isEqualTo(Validity.UNKNOWN);
        assertThat(replay.checks().minAvailability()).isEqualTo(0.9);

        c = parsed("--replay", run.toString(), "--log-pattern", "panic", "--log-verdict", "unknown", "--min-availability", "0.9");
        assertThat(c.replayRun(c.plugins.registry(), c.replayed()).checks().minAvailability()).as("the same values may be given").isEqualTo(0.9);

        Outcome o = test("--replay", run.toString(), "--min-availability", "0.5", "--log-verdict", "invalid");
        assertThat(o.exit()).isEqualTo(3);
        assertThat(o.err()).contains("--replay makes the checks recorded in " + run.resolve("test.json"))
                .contains("do not give a different --log-verdict (the run had unknown), --min-availability (the run had 0.9)");

        Path other = Files.createTempFile("target", ".yaml");
        Files.writeString(other, Files.readString(ETCD).replace("name: etcd-file", "name: other-file"));
        o = test("--replay", run.toString(), "--target-file", other.toString());
        assertThat(o.exit()).isEqualTo(3);
        assertThat(o.err()).contains("--target-file " + other + " describes target other-file, but the run to replay tested etcd-file");
    }

    @Test
    void aRecordedTargetFileThatIsGoneIsNamed() throws Exception {
        Path gone = Path.of("/nonexistent/faultline/kv.yaml");
        Path run = recordedTargetFileRun(",\"targetFile\":" + quoted(gone.toString()));
        Outcome o = test("--replay", run.toString());
        assertThat(o.exit()).isEqualTo(3);
        assertThat(o.err()).contains(run.resolve("test.json") + ": the run read its target etcd-file from " + gone
                + ", which is not there any more; give --target-file FILE");

        TestCommand c = parsed("--replay", run.toString(), "--target-file", ETCD.toString());
        assertThat(c.replayRun(c.plugins.registry(), c.replayed()).targetFile()).as("--target-file stands in for it").isEqualTo(ETCD);
    }

    @Test
    void anOlderRecordWithoutFileOrChecksTakesThemFromTheOptions() throws Exception {
        Path run = recordedTargetFileRun("");
        Outcome o = test("--replay", run.toString());
        assertThat(o.exit()).isEqualTo(3);
        assertThat(o.err()).contains("unknown target 'etcd-file'");

        TestCommand c = parsed("--replay", run.toString(), "--target-file", ETCD.toString(), "--log-pattern", "FATAL", "--min-availability", "0.5");
        TestRun replay = c.replayRun(c.plugins.registry(), c.replayed());
        assertThat(replay.checks().logPatterns()).containsExactly("FATAL");
        assertThat(replay.checks().minAvailability()).isEqualTo(0.5);
    }

    @Test
    void clientTimeoutIsAPositiveDurationThatWinsAndReplaysKeepTheRecordedOne() throws Exception {
        assertThat(parsed("--target", "etcd", "--workload", "register", "--client-timeout", "45").clientTimeout).isEqualTo(Duration.ofSeconds(45));
        assertThat(parsed("--client-timeout", "2500ms").clientTimeout).isEqualTo(Duration.ofMillis(2500));
        assertThat(parsed("--target", "etcd").clientTimeout).as("not given: derived from the target").isNull();
        for (String bad : List.of("0", "-1", "soon")) {
            Outcome o = test("--target", "etcd", "--workload", "register", "--client-timeout", bad);
            assertThat(o.exit()).as(bad).isNotZero();
            assertThat(o.err()).as(bad).contains("Invalid value for option '--client-timeout'").contains("'" + bad + "'");
        }
        assertThat(test("--target", "etcd", "--workload", "register", "--client-timeout", "-1").err()).contains("positive duration");

        Path run = recordedTargetFileRun(",\"targetFile\":" + quoted(ETCD.toString()) + ",\"clientTimeoutSeconds\":37.5");
        TestCommand c = parsed("--replay", run.toString());
        assertThat(c.replayRun(c.plugins.registry(), c.replayed()).clientTimeout()).isEqualTo(Duration.ofMillis(37_500));
        c = parsed("--replay", run.toString(), "--client-timeout", "20");
        assertThat(c.replayRun(c.plugins.registry(), c.replayed()).clientTimeout()).as("--client-timeout wins").isEqualTo(Duration.ofSeconds(20));
        Path older = recordedTargetFileRun(",\"targetFile\":" + quoted(ETCD.toString()));
        c = parsed("--replay", older.toString());
        assertThat(c.replayRun(c.plugins.registry(), c.replayed()).clientTimeout()).as("a record without one: derived again").isNull();
    }

    private static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Test
    void unknownNamesExit3AndListTheKnownOnes() throws Exception {
        Outcome o = test("--target", "no-such-target", "--workload", "register");
        assertThat(o.exit()).isEqualTo(3);
        assertThat(o.err()).contains("unknown target 'no-such-target'").contains("raft-kv");

        o = test("--target", "raft-kv", "--workload", "register", "--nemesis", "partition,flood");
        assertThat(o.exit()).isEqualTo(3);
        assertThat(o.err()).contains("unknown nemesis 'flood'").contains("partition").contains("kill");

        o = test("--target", "raft-kv", "--workload", "regster");
        assertThat(o.exit()).isEqualTo(3);
        assertThat(o.err()).contains("unknown workload 'regster'").contains("register");
    }

    @Test
    void unsupportedUnsafeSwitchesAndBadNumbersExit3() throws Exception {
        Outcome o = test("--target", "raft-kv", "--workload", "register", "--unsafe", "lose-writes");
        assertThat(o.exit()).isEqualTo(3);
        assertThat(o.err()).contains("no --unsafe switch 'lose-writes'").contains("stale-read");

        o = test("--target", "raft-kv", "--workload", "register", "--concurrency", "0");
        assertThat(o.exit()).isEqualTo(3);
        assertThat(o.err()).contains("--concurrency must be at least 1");

        o = test("--target", "raft-kv", "--workload", "register", "--param", "ops-per-key=lots");
        assertThat(o.exit()).isEqualTo(3);
        assertThat(o.err()).contains("ops-per-key=lots");
    }

    @Test
    void leaveDbRunningKeepsOneDockerCluster() throws Exception {
        Outcome o = test("--target", "raft-kv", "--workload", "register", "--leave-db-running", "--test-count", "2");
        assertThat(o.exit()).isEqualTo(3);
        assertThat(o.err()).contains("--leave-db-running keeps one cluster: not with --test-count 2");
        o = test("--target", "raft-kv", "--workload", "register", "--leave-db-running", "--provisioner", "local");
        assertThat(o.exit()).isEqualTo(3);
        assertThat(o.err()).contains("--leave-db-running needs --provisioner docker");
    }

    @Test
    void listShowsTargetsWorkloadsAndNemeses() {
        Outcome o = execute(new ListCommand());
        assertThat(o.exit()).isZero();
        assertThat(o.out()).contains("targets:").contains("raft-kv").contains("register").contains("partition").contains("kill");
    }

    @Test
    void aMisspelledParamIsAnErrorNamingTheClosestKey() throws Exception {
        Outcome o = test("--target", "raft-kv", "--workload", "register", "--nemesis", "clock", "--param", "clock.max-delte=60s");
        assertThat(o.exit()).isEqualTo(3);
        assertThat(o.err()).contains("unknown --param clock.max-delte").contains("did you mean --param clock.max-delta?");

        o = test("--target", "raft-kv", "--workload", "register", "--param", "bank.accounts=3");
        assertThat(o.exit()).isEqualTo(3);
        assertThat(o.err()).contains("--param bank.accounts is read by workload bank, which this run does not use");
    }

    @Test
    void listShowsEveryParamWithDefaultAndMeaning() {
        Outcome o = execute(new ListCommand());
        assertThat(o.out()).contains("--param clock.max-delta (default 262144ms): largest clock bump")
                .contains("--param raft-kv.client-port (default 8001)")
                .contains("--param ops-per-key (default 100)")
                .contains("--param kill.targets (default one;minority;majority;all)");

        o = execute(new ListCommand(), "clock");
        assertThat(o.exit()).isZero();
        assertThat(o.out()).contains("clock.strobe-period").doesNotContain("raft-kv.heap");

        o = execute(new ListCommand(), "clocks");
        assertThat(o.exit()).isEqualTo(3);
        assertThat(o.err()).contains("no target, workload or nemesis named 'clocks'");
    }
}
