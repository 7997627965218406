package dev.faultline.harness.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.JsonlHistory;
import dev.faultline.checkers.history.Op;
import dev.faultline.checkers.result.Validity;
import dev.faultline.harness.control.Node;
import dev.faultline.harness.spi.Ability;
import dev.faultline.harness.spi.ClientOpTimeout;
import dev.faultline.harness.spi.Db;
import dev.faultline.harness.spi.NemesisPackage;
import dev.faultline.harness.spi.TestContext;
import dev.faultline.harness.spi.TestOptions;
import dev.faultline.results.FaultKind;
import dev.faultline.results.HostClock;
import dev.faultline.results.ResultsFile;
import dev.faultline.results.RunDir;
import dev.faultline.results.RunRecord;
import dev.faultline.results.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RunnerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    static TestOptions options(int concurrency, Duration timeLimit, Map<String, String> params) {
        return new TestOptions("memory", "memory-register", "memory-register", List.of("flag"), 2, concurrency,
                timeLimit, Duration.ofMillis(100), 42, Set.of(), params);
    }

    static RunSettings settings() {
        return RunSettings.defaults().withProgress(false).withHealGrace(Duration.ZERO);
    }

    private RunOutcome run(MemoryRegisterTarget target, TestOptions options, NemesisPackage nemesis, RunSettings settings,
                           LocalTestProvisioner provisioner) {
        Path runDir = Store.at(tmp.resolve("store")).newRun(options.testName());
        return new Runner(new Runner.Spec(options, target, MemoryRegisterTarget.workload(50), nemesis, provisioner, runDir,
                settings, null)).run();
    }

    static List<JsonNode> lines(Path history) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(history)) out.add(JSON.readTree(l));
        return out;
    }

    /** The history as the checkers' strict JSONL reader sees it. */
    static List<Op> ops(Path history) {
        return JsonlHistory.read(history).ops();
    }

    @Test
    void collectedLogsWithTheSameNameDoNotOverwriteEachOther() {
        Set<String> taken = new HashSet<>();
        assertThat(LogCollector.localName("/var/log/faultline/raft-kv.log", taken)).isEqualTo("raft-kv.log");
        assertThat(LogCollector.localName("/var/lib/faultline/raft-kv/data/raft-kv.log", taken))
                .isEqualTo("var_lib_faultline_raft-kv_data_raft-kv.log");
        assertThat(LogCollector.localName("/var/lib/x/state.json", taken)).isEqualTo("state.json");
    }

    @Test
    void runsEveryPhaseAndRecordsEveryOpAsItHappens() throws Exception {
        Path marker = tmp.resolve("healed");
        LocalTestProvisioner provisioner = new LocalTestProvisioner(tmp.resolve("nodes"));
        RunOutcome outcome = run(new MemoryRegisterTarget(), options(4, Duration.ofMillis(1500), Map.of()),
                CombinedNemesis.combine(List.of(MemoryRegisterTarget.flagNemesis(marker))), settings(), provisioner);

        assertThat(outcome.status()).isEqualTo(RunOutcome.Status.COMPLETED);
        assertThat(outcome.result().validity()).isEqualTo(Validity.VALID);
        assertThat(outcome.exitCode()).isZero();
        Path dir = outcome.runDir();
        List<Op> ops = ops(dir.resolve(RunDir.HISTORY));
        History history = History.of(ops);
        assertThat(ops.size()).isGreaterThan(100);
        for (int i = 0; i < ops.size(); i++) {
            assertThat(ops.get(i).index()).isEqualTo(i);
            if (i > 0) assertThat(ops.get(i).time()).isGreaterThanOrEqualTo(ops.get(i - 1).time());
            if (ops.get(i).isInvoke()) assertThat(history.completion(i)).as("op %d completes", i).isPositive();
        }
        List<String> nemesisFs = ops.stream().filter(Op::isNemesis).map(Op::f).toList();
        assertThat(nemesisFs).contains("start-fault", "stop-fault", "heal");
        int heal = indexOf(ops, "heal");
        // final phase: the three final reads come after the heal, once every main op has completed
        List<Op> afterHeal = ops.subList(heal, ops.size()).stream().filter(o -> !o.isNemesis() && o.isInvoke()).toList();
        assertThat(afterHeal).extracting(Op::f).containsOnly("read");
        assertThat(afterHeal).extracting(Op::key).containsExactlyInAnyOrder("k0", "k1", "k2");
        assertThat(Files.readString(marker)).startsWith("healed");
        assertThat(Files.readString(dir.resolve("nodes/n1/server.log"))).contains("started n1");
        assertThat(Files.readString(dir.resolve("nodes/n2/server.log"))).contains("started n2");
        assertThat(provisioner.closed).isTrue();
        JsonNode test = JSON.readTree(dir.resolve(RunDir.RECORD).toFile());
        assertThat(test.get("status").asText()).isEqualTo("completed");
        assertThat(test.get("seed").asLong()).isEqualTo(42);
        assertThat(test.get("phaseSeconds").has("final")).isTrue();
        RunRecord record = RunRecord.read(dir.resolve(RunDir.RECORD));
        assertThat(record.status()).isEqualTo(RunRecord.Status.COMPLETED);
        assertThat(record.nodes()).containsExactly("n1", "n2");
        assertThat(record.provisioner()).isEqualTo(provisioner.name());
        assertThat(record.faults()).as("the nemesis package's declared fault kinds")
                .containsExactly(new FaultKind("flag", "start-fault", "stop-fault"));
        assertThat(record.ops().invocations()).isGreaterThan(50);
        assertThat(record.duration()).isPositive();
        JsonNode results = JSON.readTree(dir.resolve(RunDir.RESULTS).toFile());
        assertThat(results.get("validity").asText()).isEqualTo("valid");
        // The host clock is watched over the whole run. Its steps are the machine's and could happen
        // in any run, so the test asserts the block and its form, not that this machine's clock held.
        HostClock clock = HostClock.in(ResultsFile.read(dir.resolve(RunDir.RESULTS)));
        assertThat(clock).as("results.json has the host-clock block").isNotNull();
        assertThat(clock.sampleMillis()).isEqualTo(250);
        assertThat(clock.thresholdMs()).isEqualTo(50);
        assertThat(results.findValues("checker")).extracting(JsonNode::asText).contains(HostClock.CHECKER);
        assertThat(dir.resolve("report.html")).exists();
        assertThat(dir.resolve("junit.xml")).exists();
        assertThat(dir.getParent().getParent().resolve("index.html")).exists();
    }

    /** --leave-db-running: faults healed and logs collected, but no teardown and the machines not released. */
    @Test
    void leaveRunningHealsAndCollectsLogsButNeitherTearsDownNorReleases() throws Exception {
        Path marker = tmp.resolve("healed");
        LocalTestProvisioner provisioner = new LocalTestProvisioner(tmp.resolve("nodes"));
        MemoryRegisterTarget target = new MemoryRegisterTarget();
        RunOutcome outcome = run(target, options(2, Duration.ofMillis(800), Map.of()),
                CombinedNemesis.combine(List.of(MemoryRegisterTarget.flagNemesis(marker))), settings().withLeaveRunning(true), provisioner);
        assertThat(outcome.status()).isEqualTo(RunOutcome.Status.COMPLETED);
        assertThat(Files.readString(marker)).startsWith("healed");
        assertThat(Files.readString(outcome.runDir().resolve("nodes/n1/server.log"))).contains("started n1");
        assertThat(target.up).as("the target was not torn down").isTrue();
        assertThat(provisioner.closed).as("the machines were not released").isFalse();
        provisioner.close();
    }

    private static int indexOf(List<Op> ops, String f) {
        for (int i = 0; i < ops.size(); i++) if (ops.get(i).f().equals(f)) return i;
        return -1;
    }

    @Test
    void anIndeterminateOpMovesTheWorkerToAFreshProcess() throws Exception {
        RunOutcome outcome = run(new MemoryRegisterTarget(), options(3, Duration.ofMillis(800), Map.of("info-every", "7")),
                CombinedNemesis.combine(List.of()), settings(), new LocalTestProvisioner(tmp.resolve("nodes")));
        List<Op> ops = ops(outcome.runDir().resolve(RunDir.HISTORY));
        History.of(ops);
        List<Op> infos = ops.stream().filter(o -> o.isInfo() && !o.isNemesis()).toList();
        assertThat(infos).isNotEmpty().allSatisfy(o -> assertThat(o.error()).contains("connection reset"));
        Set<Integer> retired = new HashSet<>();
        for (Op op : ops) {
            if (op.isInvoke()) assertThat(retired).doesNotContain(op.process());
            if (op.isInfo()) retired.add(op.process());
        }
        assertThat(ops.stream().filter(Op::isInvoke).map(Op::process)).anyMatch(p -> p >= 3);
        assertThat(outcome.result().validity()).isEqualTo(Validity.VALID);
    }

    @Test
    void aHungClientIsRecordedAsInfoAndReplaced() throws Exception {
        RunOutcome outcome = run(new MemoryRegisterTarget(), options(2, Duration.ofMillis(1500), Map.of("hang-every", "40")),
                CombinedNemesis.combine(List.of()), settings().withClientTimeout(Duration.ofMillis(200)),
                new LocalTestProvisioner(tmp.resolve("nodes")));
        List<Op> ops = ops(outcome.runDir().resolve(RunDir.HISTORY));
        assertThat(ops.stream().filter(o -> o.isInfo() && !o.isNemesis() && o.error().startsWith("timeout"))).isNotEmpty();
        long invokesAfterFirstTimeout = ops.stream().dropWhile(o -> !(o.isInfo() && !o.isNemesis())).filter(Op::isInvoke).count();
        assertThat(invokesAfterFirstTimeout).isGreaterThan(10);
        assertThat(outcome.status()).isEqualTo(RunOutcome.Status.COMPLETED);
    }

    /** A register store whose ops may legitimately take up to {@code declared} (a slow commit). */
    static final class SlowCommitTarget extends MemoryRegisterTarget implements ClientOpTimeout {
        private final Duration declared;

        SlowCommitTarget(Duration declared) {
            this.declared = declared;
        }

        @Override
        public Duration clientOpTimeout(TestOptions options) {
            return declared;
        }
    }

    @Test
    void anOpSlowerThanTheRunDefaultButWithinTheTargetsDeclaredTimeoutCompletesOk() throws Exception {
        // One op of 10.5 s against a target whose ops may take 12 s: the runner waits 15 s, not its 10 s default.
        RunOutcome outcome = run(new SlowCommitTarget(Duration.ofSeconds(12)),
                options(1, Duration.ofMillis(300), Map.of("slow-first-ms", "10500")), CombinedNemesis.combine(List.of()),
                settings(), new LocalTestProvisioner(tmp.resolve("nodes")));
        assertThat(outcome.status()).isEqualTo(RunOutcome.Status.COMPLETED);
        List<Op> ops = ops(outcome.runDir().resolve(RunDir.HISTORY));
        Op invoke = ops.stream().filter(o -> !o.isNemesis() && o.isInvoke() && o.process() == 0).findFirst().orElseThrow();
        Op first = ops.stream().filter(o -> !o.isNemesis() && !o.isInvoke() && o.process() == 0).findFirst().orElseThrow();
        assertThat(first.type()).as("the slow op's completion (a cas may fail definitely): " + first)
                .isIn(dev.faultline.checkers.history.OpType.OK, dev.faultline.checkers.history.OpType.FAIL);
        assertThat(Duration.ofNanos(first.time() - invoke.time())).isGreaterThanOrEqualTo(Duration.ofMillis(10_500));
        assertThat(ops.stream().filter(o -> o.isInfo() && !o.isNemesis())).as("no op timed out").isEmpty();
        RunRecord record = RunRecord.read(outcome.runDir().resolve(RunDir.RECORD));
        assertThat(record.clientTimeout()).as("test.json records the effective timeout").isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void aChosenClientTimeoutWinsOverTheTargetsDeclaration() throws Exception {
        RunOutcome outcome = run(new SlowCommitTarget(Duration.ofSeconds(12)),
                options(1, Duration.ofMillis(300), Map.of("slow-first-ms", "3000")), CombinedNemesis.combine(List.of()),
                settings().withClientTimeout(Duration.ofMillis(500)), new LocalTestProvisioner(tmp.resolve("nodes")));
        List<Op> ops = ops(outcome.runDir().resolve(RunDir.HISTORY));
        Op slow = ops.stream().filter(o -> !o.isNemesis() && !o.isInvoke()).findFirst().orElseThrow();
        assertThat(slow.isInfo() && slow.error().startsWith("timeout")).as("the 3 s op timed out at 500 ms: " + slow).isTrue();
        assertThat(RunRecord.read(outcome.runDir().resolve(RunDir.RECORD)).clientTimeout()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void aSetupFailureIsACrashWithTheReasonInTheStore() throws Exception {
        MemoryRegisterTarget target = new MemoryRegisterTarget() {
            @Override
            public Db db(TestOptions options) {
                Db real = super.db(options);
                return new Db() {
                    public void setup(TestContext ctx, Node node) throws Exception {
                        if (node.name().equals("n2")) throw new IOException("port 8080 already in use");
                        real.setup(ctx, node);
                    }

                    public void teardown(TestContext ctx, Node node) {
                    }

                    public void start(TestContext ctx, Node node) {
                    }

                    public void kill(TestContext ctx, Node node) {
                    }

                    public void pause(TestContext ctx, Node node) {
                    }

                    public void resume(TestContext ctx, Node node) {
                    }

                    public List<String> logFiles(TestContext ctx, Node node) {
                        return real.logFiles(ctx, node);
                    }
                };
            }
        };
        LocalTestProvisioner provisioner = new LocalTestProvisioner(tmp.resolve("nodes"));
        RunOutcome outcome = run(target, options(2, Duration.ofSeconds(1), Map.of()), CombinedNemesis.combine(List.of()), settings(), provisioner);
        assertThat(outcome.status()).isEqualTo(RunOutcome.Status.CRASHED);
        assertThat(outcome.exitCode()).isEqualTo(3);
        assertThat(outcome.error()).contains("n2").contains("port 8080 already in use");
        JsonNode test = JSON.readTree(outcome.runDir().resolve(RunDir.RECORD).toFile());
        assertThat(test.get("status").asText()).isEqualTo("crashed");
        assertThat(test.get("error").asText()).contains("n2");
        assertThat(JSON.readTree(outcome.runDir().resolve(RunDir.RESULTS).toFile()).get("validity").asText()).isEqualTo("unknown");
        assertThat(provisioner.closed).isTrue();
    }

    @Test
    void aFaultTheTargetCannotSufferIsRefusedBeforeAnyMachineIsTaken() {
        MemoryRegisterTarget target = new MemoryRegisterTarget() {
            @Override
            public Db db(TestOptions options) {
                Db real = super.db(options);
                return new Db() { // installs and tears down, nothing else: not Killable
                    public void setup(TestContext ctx, Node node) throws Exception {
                        real.setup(ctx, node);
                    }

                    public void teardown(TestContext ctx, Node node) {
                    }

                    public List<String> logFiles(TestContext ctx, Node node) {
                        return List.of();
                    }
                };
            }
        };
        NemesisPackage kill = new NemesisPackage("kill", MemoryRegisterTarget.flagNemesis(tmp.resolve("flag")).nemesis(),
                null, null, List.of(), Set.of(Ability.KILL));
        LocalTestProvisioner provisioner = new LocalTestProvisioner(tmp.resolve("nodes"));
        RunOutcome outcome = run(target, options(2, Duration.ofSeconds(1), Map.of()), CombinedNemesis.combine(List.of(kill)),
                settings(), provisioner);
        assertThat(outcome.status()).isEqualTo(RunOutcome.Status.CRASHED);
        assertThat(outcome.error()).contains("--nemesis kill needs a target that can be killed");
        assertThat(provisioner.provisioned).isZero();
        assertThat(provisioner.closed).isTrue();
    }
}
