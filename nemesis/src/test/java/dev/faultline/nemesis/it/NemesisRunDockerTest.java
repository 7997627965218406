package dev.faultline.nemesis.it;

import dev.faultline.checkers.Checker;
import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.HistoryFiles;
import dev.faultline.checkers.history.Op;
import dev.faultline.checkers.result.CheckResult;
import dev.faultline.checkers.result.Validity;
import dev.faultline.harness.generator.Generator;
import dev.faultline.harness.generator.Generators;
import dev.faultline.harness.provision.DockerProvisioner;
import dev.faultline.harness.run.CombinedNemesis;
import dev.faultline.harness.run.Registry;
import dev.faultline.harness.run.RunOutcome;
import dev.faultline.harness.run.RunSettings;
import dev.faultline.harness.run.Runner;
import dev.faultline.harness.spi.Client;
import dev.faultline.harness.spi.ClientFactory;
import dev.faultline.harness.spi.Db;
import dev.faultline.harness.spi.NemesisPackage;
import dev.faultline.harness.spi.Target;
import dev.faultline.harness.spi.TestContext;
import dev.faultline.harness.spi.TestOptions;
import dev.faultline.harness.spi.Workload;
import dev.faultline.harness.testing.DockerRequired;
import dev.faultline.results.RunDir;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole run through the harness's Runner on real containers with
 * {@code --nemesis partition,clock,pause,kill,packet} at a 1 s interval: the packages' schedules
 * drive real faults, every fault lands in history.jsonl with what was done to which node, and the
 * run heals and tears down cleanly.
 */
@Tag("docker")
class NemesisRunDockerTest {
    private static final List<String> NEMESES = List.of("partition", "clock", "pause", "kill", "packet");

    @Test
    void allFiveFaultsOnTheirOwnSchedulesThroughTheRunner(@TempDir Path runDir) throws Exception {
        DockerRequired.check();
        TestOptions options = new TestOptions("nemesis-run", "probe", "noop", NEMESES, 3, 2, Duration.ofSeconds(25),
                Duration.ofSeconds(1), 11, Set.of(), Map.of("packet.loss", "20"));
        Registry registry = Registry.load();
        List<NemesisPackage> packages = NEMESES.stream().map(n -> registry.nemesis(n).create(options)).toList();
        NemesisPackage nemesis = CombinedNemesis.combine(packages);
        Runner.Spec spec = new Runner.Spec(options, new ProbeTarget(), new NoopWorkload(), nemesis,
                DockerProvisioner.withNodeImage(), runDir, RunSettings.defaults().withProgress(false),
                (dir, history, result, info) -> { });
        RunOutcome outcome = new Runner(spec).run();
        assertThat(outcome.error()).isNull();
        assertThat(outcome.status()).isEqualTo(RunOutcome.Status.COMPLETED);

        History history = HistoryFiles.read(runDir.resolve(RunDir.HISTORY));
        // the runner's own "heal" record is not ours
        assertThat(history.nemesisOps()).anyMatch(op -> op.f().equals("heal") && op.error() == null);
        List<Op> completions = history.nemesisOps().stream().filter(op -> !op.isInvoke() && !op.f().equals("heal")).toList();
        Map<String, Long> byF = completions.stream().collect(Collectors.groupingBy(Op::f, Collectors.counting()));
        System.out.println("nemesis completions by f: " + byF);
        assertThat(completions).hasSizeGreaterThanOrEqualTo(8).allMatch(Op::isInfo);
        Set<String> fs = byF.keySet();
        assertThat(fs).contains("stop-partition", "start", "resume", "stop-packet", "reset-clock", "check-clock");
        for (Op op : completions) {
            assertThat(op.value()).as(op.toString()).isInstanceOf(Map.class);
            if (op.error() != null) {
                // the only failures expected here: pausing or killing a probe that another fault already killed
                assertThat(op.f()).as(op.toString()).isIn("pause", "kill");
                assertThat(op.error()).as(op.toString()).contains("not running");
            } else if (!op.f().equals("start-partition") || !((Map<?, ?>) op.value()).isEmpty()) {
                assertThat((Map<?, ?>) op.value()).as(op.toString()).isNotEmpty();
                assertThat(((Map<?, ?>) op.value()).keySet()).as(op.toString()).allMatch(k -> Set.of("n1", "n2", "n3").contains(k));
            }
        }
        // the final phase ran each package's recovery op last
        List<String> lastFs = completions.subList(Math.max(0, completions.size() - 6), completions.size()).stream().map(Op::f).toList();
        assertThat(lastFs).contains("stop-partition", "reset-clock", "check-clock", "resume", "start", "stop-packet");
    }

    static final class ProbeTarget implements Target {
        @Override
        public String name() {
            return "probe";
        }

        @Override
        public String description() {
            return "a JVM that prints its clock";
        }

        @Override
        public Set<String> workloads() {
            return Set.of("noop");
        }

        @Override
        public Db db(TestOptions options) {
            return new ProbeDb();
        }

        @Override
        public ClientFactory clients(String workload, TestOptions options) {
            return (ctx, node) -> new Client() {
                @Override
                public Op invoke(TestContext c, Op invocation) {
                    return invocation.ok(null);
                }
            };
        }
    }

    static final class NoopWorkload implements Workload {
        @Override
        public String name() {
            return "noop";
        }

        @Override
        public Generator generator(TestContext ctx) {
            return Generators.stagger(Duration.ofMillis(200), Generators.repeat(Generators.op("noop", null, null)));
        }

        @Override
        public Checker checker(TestContext ctx) {
            return new Checker() {
                @Override
                public String name() {
                    return "none";
                }

                @Override
                public CheckResult check(History history) {
                    return CheckResult.of("none", Validity.VALID, "nothing to check: this run only exercises the nemesis");
                }
            };
        }
    }
}
