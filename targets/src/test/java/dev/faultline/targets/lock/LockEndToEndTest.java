package dev.faultline.targets.lock;

import dev.faultline.harness.testing.DockerRequired;
import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.JsonlHistory;
import dev.faultline.checkers.history.Op;
import dev.faultline.checkers.result.CheckResult;
import dev.faultline.checkers.result.Validity;
import dev.faultline.harness.generator.Generator;
import dev.faultline.harness.generator.Generators;
import dev.faultline.harness.provision.DockerProvisioner;
import dev.faultline.harness.provision.LocalProvisioner;
import dev.faultline.harness.run.CombinedNemesis;
import dev.faultline.harness.run.RunOutcome;
import dev.faultline.harness.run.RunSettings;
import dev.faultline.harness.run.Runner;
import dev.faultline.harness.spi.Nemesis;
import dev.faultline.harness.spi.NemesisPackage;
import dev.faultline.harness.spi.TestOptions;
import dev.faultline.nemesis.clock.ClockFile;
import dev.faultline.nemesis.clock.ClockNemesis;
import dev.faultline.nemesis.packages.ClockPackage;
import dev.faultline.nemesis.packages.KillPackage;
import dev.faultline.nemesis.packages.PartitionPackage;
import dev.faultline.nemesis.packages.PausePackage;
import dev.faultline.results.Store;
import dev.faultline.workloads.lock.LockWorkloadFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end: three lock servers and the fenced resource as local processes (fast, no Docker), and
 * in Docker containers with real faults (iptables partitions, SIGSTOP, libfaketime clock bumps);
 * the lock workload; the checkers. Runs are kept under target/e2e for inspection.
 */
class LockEndToEndTest {
    private final Path tmp;

    LockEndToEndTest() throws java.io.IOException {
        tmp = java.nio.file.Files.createDirectories(Path.of("target", "e2e")).resolve(Long.toString(System.nanoTime()));
    }


    private static TestOptions options(String name, List<String> nemeses, Set<String> unsafe, Duration time) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("lock.ttl-ms", "2000");
        params.put("lock-service.max-ttl-ms", "3000");
        params.put("lock.slow-fraction", "0.3");
        return new TestOptions(name, "lock", "lock", nemeses, 3, 6, time, Duration.ofSeconds(4), 7, unsafe, params);
    }

    private RunOutcome run(TestOptions options, NemesisPackage nemesis) {
        return run(options, nemesis, DockerProvisioner.withNodeImage());
    }

    private RunOutcome run(TestOptions options, NemesisPackage nemesis, dev.faultline.harness.control.Provisioner provisioner) {
        Path runDir = Store.at(tmp.resolve("store")).newRun(options.testName());
        RunSettings settings = RunSettings.defaults().withProgress(false);
        return new Runner(new Runner.Spec(options, new LockTarget(), new LockWorkloadFactory().create(options), nemesis,
                provisioner, runDir, settings, null)).run();
    }

    @Test
    void localProcessesWithKillsAreValid() throws Exception {
        TestOptions o = options("lock-local-kill", List.of("kill"), Set.of(), Duration.ofSeconds(12));
        RunOutcome outcome = run(o, new KillPackage().create(o), LocalProvisioner.inTempDir());
        describe(outcome);
        assertThat(outcome.error()).as("run error").isNull();
        assertThat(outcome.result().validity()).as("%s", outcome.result()).isEqualTo(Validity.VALID);
        // Kills of a majority can leave little time for grants in 12 s; validity is the claim here.
        assertThat(okCount(outcome, "acquire")).as("acquires granted").isPositive();
    }

    /** No faults at all: the workload's slow holders alone must expose a resource without fencing. */
    @Test
    void localSlowHoldersWithoutFencingAreCaught() throws Exception {
        TestOptions o = options("lock-local-no-fencing", List.of(), Set.of("no-fencing"), Duration.ofSeconds(15));
        NemesisPackage none = new NemesisPackage("none", new Nemesis() {
            @Override
            public Set<String> fs() {
                return Set.of();
            }

            @Override
            public Op invoke(dev.faultline.harness.spi.TestContext ctx, Op invocation) {
                throw new IllegalStateException("no faults in this test, got " + invocation);
            }

            @Override
            public void heal(dev.faultline.harness.spi.TestContext ctx) {
            }
        }, Generators.empty(), null);
        RunOutcome outcome = run(o, none, LocalProvisioner.inTempDir());
        describe(outcome);
        assertThat(outcome.error()).as("run error").isNull();
        assertThat(find(outcome.result(), "stale-writes").orElseThrow().validity()).isEqualTo(Validity.INVALID);
    }

    private static Optional<CheckResult> find(CheckResult r, String checker) {
        if (r.checker().equals(checker)) return Optional.of(r);
        for (CheckResult c : r.children()) {
            Optional<CheckResult> found = find(c, checker);
            if (found.isPresent()) return found;
        }
        return Optional.empty();
    }

    /** Prints the verdict tree and op counts, so a run's numbers show up in the test output. */
    private static void describe(RunOutcome outcome) {
        History h = JsonlHistory.read(outcome.runDir().resolve("history.jsonl"));
        Map<String, Long> counts = new java.util.TreeMap<>();
        for (Op op : h) {
            if (!op.isNemesis() && !op.isInvoke()) counts.merge(op.f() + ":" + op.type().wireName(), 1L, Long::sum);
            if (op.isNemesis() && !op.isInvoke()) counts.merge("nemesis:" + op.f(), 1L, Long::sum);
        }
        System.out.println("run " + outcome.runDir() + ": " + counts);
        print(outcome.result(), "  ");
    }

    private static void print(CheckResult r, String indent) {
        System.out.println(indent + r.checker() + " " + r.validity().wireName() + ": " + r.summary());
        for (CheckResult c : r.children()) print(c, indent + "  ");
    }

    private static long okCount(RunOutcome outcome, String f) throws Exception {
        History h = JsonlHistory.read(outcome.runDir().resolve("history.jsonl"));
        return h.ops().stream().filter(op -> op.isOk() && op.f().equals(f) && !op.isNemesis()).count();
    }

    @Test
    @Tag("docker")
    void safeServiceStaysValidUnderPartitionsPausesAndClockBumps() throws Exception {
        DockerRequired.check();
        TestOptions o = options("lock-safe", List.of("partition", "pause", "clock"), Set.of(), Duration.ofSeconds(45));
        NemesisPackage nemesis = CombinedNemesis.combine(List.of(new PartitionPackage().create(o),
                new PausePackage().create(o), new ClockPackage().create(o)));
        RunOutcome outcome = run(o, nemesis);
        describe(outcome);
        assertThat(outcome.error()).as("run error").isNull();
        assertThat(outcome.result().validity()).as("%s", outcome.result()).isEqualTo(Validity.VALID);
        assertThat(okCount(outcome, "acquire")).as("acquires granted").isGreaterThan(10);
        assertThat(okCount(outcome, "write")).as("writes accepted").isGreaterThan(10);
    }

    @Test
    @Tag("docker")
    void wallClockLeasesAreCaughtWhenTheLeadersClockJumpsAhead() throws Exception {
        DockerRequired.check();
        TestOptions o = options("lock-wall-clock", List.of("clock-forward"), Set.of("wall-clock-lease"), Duration.ofSeconds(40));
        Map<String, Object> bump = new LinkedHashMap<>();
        bump.put("targets", "primaries");
        bump.put("delta-ms", 30_000L);
        Generator schedule = Generators.nemesis(Generators.cycle(Generators.seq(
                Generators.sleep(Duration.ofSeconds(3)),
                Generators.op(ClockNemesis.BUMP, null, bump),
                Generators.sleep(Duration.ofSeconds(4)),
                Generators.op(ClockNemesis.RESET, null, null))));
        NemesisPackage forward = new NemesisPackage("clock-forward",
                new ClockNemesis(new ClockFile(ClockFile.DEFAULT_PATH), 7, Duration.ofSeconds(20)), schedule,
                Generators.op(ClockNemesis.RESET, null, null));
        RunOutcome outcome = run(o, forward);
        describe(outcome);
        assertThat(outcome.error()).as("run error").isNull();
        CheckResult mutex = find(outcome.result(), "lock-mutual-exclusion").orElseThrow();
        assertThat(mutex.validity()).as("%s", mutex.summary()).isEqualTo(Validity.INVALID);
    }

    @Test
    @Tag("docker")
    void missingFencingIsCaughtWithSlowHoldersAndPauses() throws Exception {
        DockerRequired.check();
        TestOptions o = options("lock-no-fencing", List.of("pause"), Set.of("no-fencing"), Duration.ofSeconds(40));
        RunOutcome outcome = run(o, new PausePackage().create(o));
        describe(outcome);
        assertThat(outcome.error()).as("run error").isNull();
        CheckResult stale = find(outcome.result(), "stale-writes").orElseThrow();
        assertThat(stale.validity()).as("%s", stale.summary()).isEqualTo(Validity.INVALID);
        assertThat(find(outcome.result(), "lock-mutual-exclusion").orElseThrow().validity()).isEqualTo(Validity.VALID);
    }
}
