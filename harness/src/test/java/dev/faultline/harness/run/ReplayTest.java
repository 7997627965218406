package dev.faultline.harness.run;

import dev.faultline.checkers.history.Op;
import dev.faultline.checkers.history.OpType;
import dev.faultline.checkers.result.CheckResult;
import dev.faultline.checkers.result.Validity;
import dev.faultline.harness.generator.Generator;
import dev.faultline.harness.generator.Generators;
import dev.faultline.harness.spi.Nemesis;
import dev.faultline.harness.spi.NemesisPackage;
import dev.faultline.harness.spi.TestContext;
import dev.faultline.harness.spi.TestOptions;
import dev.faultline.results.FaultKind;
import dev.faultline.results.RecordedSchedule;
import dev.faultline.results.ReplayMatch;
import dev.faultline.results.RunRecord;
import dev.faultline.results.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A recorded run replayed in process (local nodes, the in-memory register): the replay invokes the
 * same fault ops with the same values at the recorded offsets, and its results say so.
 */
class ReplayTest {
    @TempDir
    Path tmp;

    /** Faults at random times with random values; the nemesis picks a node with its own seeded random, as ours do. */
    static NemesisPackage randomFaults(long seed) {
        Random nodes = new Random(seed);
        Nemesis n = new Nemesis() {
            @Override
            public Set<String> fs() {
                return Set.of("start-fault", "stop-fault");
            }

            @Override
            public Op invoke(TestContext ctx, Op invocation) {
                String node = ctx.cluster().names().get(nodes.nextInt(ctx.cluster().size()));
                return invocation.complete(OpType.INFO, Map.of(node, invocation.f()), null);
            }

            @Override
            public void heal(TestContext ctx) {
            }
        };
        Generator gen = Generators.nemesis(Generators.stagger(Duration.ofMillis(150), Generators.flipFlop(
                Generators.fn(ctx -> Generators.invoke("start-fault", Map.of("level", (long) ctx.random().nextInt(1000)))),
                Generators.repeat(Generators.op("stop-fault", null, null)))));
        return new NemesisPackage("random", n, gen, Generators.op("stop-fault", null, null),
                List.of(new FaultKind("random", "start-fault", "stop-fault")), Set.of());
    }

    private RunOutcome run(TestOptions options, NemesisPackage nemesis, RunChecks checks) {
        Path runDir = Store.at(tmp.resolve("store")).newRun(options.testName());
        return new Runner(new Runner.Spec(options, new MemoryRegisterTarget(), MemoryRegisterTarget.workload(50), nemesis,
                new LocalTestProvisioner(tmp.resolve("nodes")), runDir, RunnerTest.settings().withChecks(checks), null)).run();
    }

    @Test
    void aReplayRepeatsTheRecordedFaultOpsAtTheirOffsets() {
        TestOptions options = new TestOptions("memory", "memory-register", "memory-register", List.of("random"), 3, 3,
                Duration.ofMillis(2000), Duration.ofMillis(200), 7, Set.of(), Map.of());
        RunOutcome recorded = run(options, randomFaults(options.seed()), RunChecks.defaults());
        assertThat(recorded.status()).isEqualTo(RunOutcome.Status.COMPLETED);

        RecordedSchedule schedule = RecordedSchedule.read(recorded.runDir());
        assertThat(schedule.faults()).hasSizeGreaterThan(4);
        // Offsets count from the first client invocation, a few ms after the nemesis starts its wait.
        assertThat(schedule.faults().get(0).offset()).as("the nemesis waits one interval").isGreaterThanOrEqualTo(Duration.ofMillis(150));
        assertThat(schedule.faults()).extracting(f -> f.invocation().f()).doesNotContain(FaultKind.HEAL_F);
        TestOptions again = Replay.options(schedule.record());
        assertThat(again).isEqualTo(options);

        // The package's own generator is replaced: its stagger is random in time, so only the recorded schedule repeats the offsets.
        NemesisPackage replayed = randomFaults(options.seed()).withGenerator(Replay.generator(schedule));
        RunOutcome replay = run(again, replayed, RunChecks.defaults().withReplayOf(schedule));
        assertThat(replay.status()).isEqualTo(RunOutcome.Status.COMPLETED);
        assertThat(replay.result().validity()).isEqualTo(Validity.VALID);

        RecordedSchedule actual = RecordedSchedule.read(replay.runDir());
        List<String> planned = schedule.faults().stream().map(f -> f.invocation().f() + " " + f.invocation().value()).toList();
        assertThat(actual.faults()).extracting(f -> f.invocation().f() + " " + f.invocation().value())
                .isEqualTo(planned.subList(0, actual.faults().size()));
        // Offsets count from the first client invocation, the time limit from the main phase's start: on
        // a loaded machine an op recorded in the last few ms may fall after the replay's time limit.
        for (int i = actual.faults().size(); i < planned.size(); i++) {
            assertThat(schedule.faults().get(i).offset()).as("an op not replayed: %s", planned.get(i))
                    .isGreaterThan(options.timeLimit().minusMillis(300));
        }
        for (int i = 0; i < actual.faults().size(); i++) {
            Duration late = actual.faults().get(i).offset().minus(schedule.faults().get(i).offset());
            assertThat(late.abs()).as("op %d: replayed at %s, recorded at %s", i, actual.faults().get(i).offset(), schedule.faults().get(i).offset())
                    .isLessThan(Duration.ofMillis(150));
            assertThat(actual.faults().get(i).nodes(schedule.nodes())).as("the seeded nemesis picks the same node")
                    .isEqualTo(schedule.faults().get(i).nodes(schedule.nodes()));
        }

        CheckResult match = replay.result().children().stream().filter(c -> c.checker().equals(ReplayMatch.CHECKER)).findFirst().orElseThrow();
        ReplayMatch.Detail d = (ReplayMatch.Detail) match.detail();
        assertThat(d.planned()).isEqualTo(schedule.faults().size());
        assertThat(d.replayed()).isEqualTo(actual.faults().size());
        assertThat(match.summary()).startsWith("replayed " + d.replayed() + " of " + d.planned() + " recorded fault ops");
        assertThat(RunRecord.read(replay.runDir().resolve("test.json")).seed()).isEqualTo(7);
    }
}
