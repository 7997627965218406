package dev.faultline.nemesis.packages;

import dev.faultline.checkers.history.Op;
import dev.faultline.harness.generator.Generators;
import dev.faultline.harness.generator.Simulation;
import dev.faultline.harness.spi.NemesisFactory;
import dev.faultline.harness.spi.NemesisPackage;
import dev.faultline.harness.spi.TestOptions;
import dev.faultline.results.FaultKind;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PackagesTest {
    static TestOptions options(int nodes, Map<String, String> params) {
        return new TestOptions("t", "raft-kv", "register", List.of(), nodes, 3, Duration.ofSeconds(60),
                Duration.ofSeconds(5), 42, Set.of(), params);
    }

    static NemesisFactory factory(String name) {
        return ServiceLoader.load(NemesisFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    /** Nemesis invocations of {@code gen} over 200 virtual seconds. */
    static List<Op> invocations(NemesisPackage p) {
        List<Op> history = new Simulation(2, true, 7).maxTime(Duration.ofSeconds(200).toNanos())
                .run(Generators.clients(Generators.empty(), p.generator()));
        return history.stream().filter(Op::isInvoke).toList();
    }

    @Test
    void everyPackageDeclaresTheOpsThatOpenAndCloseItsFaultWindows() {
        Map<String, List<FaultKind>> expected = Map.of(
                "partition", List.of(new FaultKind("partition", "start-partition", "stop-partition")),
                "packet", List.of(new FaultKind("packet", "start-packet", "stop-packet")),
                "kill", List.of(new FaultKind("kill", "kill", "start")),
                "pause", List.of(new FaultKind("pause", "pause", "resume")),
                "stale-election", List.of(new FaultKind("stale-election", "lag-follower", "restart-all"),
                        new FaultKind("crash", "crash-rest", "restart-all")),
                "stale-resume", List.of(new FaultKind("stale-resume", "crash-others", "resume-all"),
                        new FaultKind("crash", "crash-others", "restart-others"),
                        new FaultKind("survivor-paused", "pause-survivor", "resume-all")),
                "clock", List.of(new FaultKind("clock", "bump-clock", "reset-clock"), new FaultKind("clock", "strobe-clock", "reset-clock")));
        for (var e : expected.entrySet()) {
            NemesisPackage p = factory(e.getKey()).create(options(5, Map.of()));
            assertThat(p.faults()).as(e.getKey()).isEqualTo(e.getValue());
            Set<String> declared = p.faults().stream().flatMap(k -> java.util.stream.Stream.of(k.startF(), k.stopF())).collect(Collectors.toSet());
            Set<String> scheduled = invocations(p).stream().map(Op::f).collect(Collectors.toSet());
            // every op the schedule emits opens or closes a window, except the clock's observation
            assertThat(scheduled).as(e.getKey()).isSubsetOf(union(declared, Set.of("check-clock")));
            List<String> finals = new Simulation(2, true, 7).maxTime(Duration.ofSeconds(60).toNanos())
                    .run(Generators.clients(Generators.empty(), p.finalGenerator())).stream().filter(Op::isInvoke).map(Op::f).toList();
            // the final phase closes every window the schedule may have left open
            assertThat(finals).as(e.getKey() + " final ops").containsAll(p.faults().stream().map(FaultKind::stopF).toList());
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new java.util.HashSet<>(a);
        u.addAll(b);
        return u;
    }

    @Test
    void allPackagesAreRegistered() {
        Set<String> names = ServiceLoader.load(NemesisFactory.class).stream().map(pr -> pr.get().name()).collect(Collectors.toSet());
        assertThat(names).containsExactlyInAnyOrder("partition", "kill", "pause", "clock", "packet", "disk", "stale-election",
                "stale-resume");
    }

    @Test
    void staleElectionRepeatsLagCrashRestartWithTheGivenPausesAndNeedsKillAndPrimary() {
        NemesisPackage p = factory("stale-election").create(options(3, Map.of("stale-election.lag", "4s", "stale-election.hold", "2s")));
        List<Op> ops = invocations(p);
        assertThat(ops).hasSizeGreaterThan(9).allMatch(Op::isNemesis);
        for (int i = 0; i < ops.size(); i++) {
            assertThat(ops.get(i).f()).isEqualTo(List.of("lag-follower", "crash-rest", "restart-all").get(i % 3));
        }
        assertThat((ops.get(1).time() - ops.get(0).time()) / 1e9).isBetween(3.9, 4.1);
        assertThat((ops.get(2).time() - ops.get(1).time()) / 1e9).isBetween(1.9, 2.1);
        assertThat((ops.get(3).time() - ops.get(2).time()) / 1e9).isBetween(4.9, 5.1); // the nemesis interval
        assertThat(p.needs()).containsExactlyInAnyOrder(dev.faultline.harness.spi.Ability.KILL, dev.faultline.harness.spi.Ability.PRIMARY);
        assertThatThrownBy(() -> factory("stale-election").create(options(2, Map.of()))).hasMessageContaining("at least 3 nodes");
        TestOptions withPartition = new TestOptions("t", "raft-kv", "register", List.of("partition", "stale-election"), 3, 3,
                Duration.ofSeconds(60), Duration.ofSeconds(5), 42, Set.of(), Map.of());
        assertThatThrownBy(() -> factory("stale-election").create(withPartition)).hasMessageContaining("cannot be combined with partition");
        assertThatThrownBy(() -> factory("stale-election").create(options(3, Map.of("stale-election.lag", "0s"))))
                .hasMessageContaining("stale-election.lag");
    }

    @Test
    void staleResumeRepeatsCrashRestartPauseResumeWithTheGivenPausesAndNeedsKillAndPause() {
        NemesisPackage p = factory("stale-resume").create(options(3, Map.of("stale-resume.alone", "1s",
                "stale-resume.catch-up", "3s", "stale-resume.hold", "6s")));
        List<Op> ops = invocations(p);
        assertThat(ops).hasSizeGreaterThan(12).allMatch(Op::isNemesis);
        for (int i = 0; i < ops.size(); i++) {
            assertThat(ops.get(i).f()).isEqualTo(List.of("crash-others", "restart-others", "pause-survivor", "resume-all").get(i % 4));
        }
        assertThat((ops.get(1).time() - ops.get(0).time()) / 1e9).isBetween(0.9, 1.1);
        assertThat((ops.get(2).time() - ops.get(1).time()) / 1e9).isBetween(2.9, 3.1);
        assertThat((ops.get(3).time() - ops.get(2).time()) / 1e9).isBetween(5.9, 6.1);
        assertThat((ops.get(4).time() - ops.get(3).time()) / 1e9).isBetween(4.9, 5.1); // the nemesis interval
        assertThat(p.needs()).containsExactlyInAnyOrder(dev.faultline.harness.spi.Ability.KILL, dev.faultline.harness.spi.Ability.PAUSE);
        assertThatThrownBy(() -> factory("stale-resume").create(options(2, Map.of()))).hasMessageContaining("at least 3 nodes");
        assertThatThrownBy(() -> factory("stale-resume").create(options(3, Map.of("stale-resume.hold", "0s"))))
                .hasMessageContaining("stale-resume.hold");
    }

    @Test
    void startAndStopAlternateOnTheNemesisThreadAtTheInterval() {
        for (String name : List.of("partition", "kill", "pause", "packet")) {
            NemesisPackage p = factory(name).create(options(5, Map.of()));
            List<Op> ops = invocations(p);
            assertThat(ops).as(name).hasSizeGreaterThan(10);
            assertThat(ops).allMatch(Op::isNemesis);
            Set<String> fs = p.nemesis().fs();
            for (int i = 0; i < ops.size(); i++) {
                assertThat(fs).contains(ops.get(i).f());
                boolean start = i % 2 == 0;
                assertThat(ops.get(i).value() == null).as(name + " op " + i).isEqualTo(!start);
            }
            double meanGapS = (ops.get(ops.size() - 1).time() - ops.get(0).time()) / 1e9 / (ops.size() - 1);
            assertThat(meanGapS).as(name + " mean gap").isBetween(2.5, 10.0);
            assertThat(p.finalGenerator()).isNotNull();
        }
    }

    @Test
    void partitionOffersShapesThatFitAndExplicitGrudges() {
        List<Op> ops = invocations(factory("partition").create(options(5, Map.of())));
        Set<Object> shapes = ops.stream().filter(o -> o.value() != null).map(Op::value).collect(Collectors.toSet());
        assertThat(shapes).containsExactlyInAnyOrder("one", "halves", "majorities-ring", "bridge");
        List<Op> two = invocations(factory("partition").create(options(2, Map.of())));
        assertThat(two.stream().filter(o -> o.value() != null).map(Op::value).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("one", "halves");
        List<Op> grudge = invocations(factory("partition").create(options(5, Map.of("partition.grudge", "n1:n3,n4;n2:n3"))));
        assertThat(grudge.get(0).value()).isEqualTo("n1:n3,n4;n2:n3");
    }

    @Test
    void partitionDurationHoldsEveryPartitionExactlyThatLongWithTheIntervalBetween() {
        List<Op> ops = invocations(factory("partition").create(options(3, Map.of("partition.targets", "n1|n2,n3", "partition.duration", "7s"))));
        assertThat(ops).hasSizeGreaterThan(10);
        assertThat(ops.get(0).f()).isEqualTo("start-partition");
        assertThat(ops.get(0).time() / 1e9).isLessThan(0.1); // at once: the runner waits one interval before the first fault
        for (int i = 1; i < ops.size(); i++) {
            boolean stop = i % 2 == 1;
            assertThat(ops.get(i).f()).isEqualTo(stop ? "stop-partition" : "start-partition");
            assertThat((ops.get(i).time() - ops.get(i - 1).time()) / 1e9).as("gap before op %d", i).isBetween(stop ? 6.9 : 4.9, stop ? 7.1 : 5.1);
        }
        assertThatThrownBy(() -> factory("partition").create(options(3, Map.of("partition.duration", "0s"))))
                .hasMessageContaining("partition.duration");
    }

    @Test
    void clockMixesItsThreeFaultsByDefaultWithValuesTheNemesisUnderstands() {
        NemesisPackage p = factory("clock").create(options(3, Map.of("clock.max-delta", "10s")));
        List<Op> ops = invocations(p);
        Map<String, Long> counts = ops.stream().collect(Collectors.groupingBy(Op::f, HashMap::new, Collectors.counting()));
        assertThat(counts.keySet()).containsExactlyInAnyOrder("bump-clock", "strobe-clock", "reset-clock");
        java.util.Set<Long> strobeDeltas = new java.util.HashSet<>();
        for (Op op : ops) {
            if (op.f().equals("bump-clock") || op.f().equals("strobe-clock")) {
                long d = (Long) ((Map<?, ?>) op.value()).get("delta-ms");
                assertThat(Math.abs(d)).isBetween(4L, 10_000L);
                if (op.f().equals("strobe-clock")) strobeDeltas.add(Math.abs(d));
            }
            if (op.value() instanceof Map<?, ?> v && v.get("targets") != null) {
                assertThat(v.get("targets")).as("no primary without a Db that names it").isIn("one", "minority", "majority", "all");
            }
        }
        assertThat(strobeDeltas).as("strobes draw their delta as bumps do").hasSizeGreaterThan(3);
        // check-clock is still there when asked for, and a fixed strobe delta when given
        List<Op> withCheck = invocations(factory("clock").create(options(3, Map.of("clock.ops", "strobe,check", "clock.strobe-delta", "300ms"))));
        assertThat(withCheck.stream().map(Op::f).collect(Collectors.toSet())).containsExactlyInAnyOrder("strobe-clock", "check-clock");
        assertThat(withCheck.stream().filter(o -> o.f().equals("strobe-clock")).map(o -> Math.abs((Long) ((Map<?, ?>) o.value()).get("delta-ms"))))
                .containsOnly(300L);
    }

    @Test
    void clockAimsAtThePrimaryByDefaultWhenTheDbCanNameIt() {
        dev.faultline.harness.spi.Db plain = new dev.faultline.harness.spi.Db() {
            @Override
            public void setup(dev.faultline.harness.spi.TestContext ctx, dev.faultline.harness.control.Node node) {
            }

            @Override
            public void teardown(dev.faultline.harness.spi.TestContext ctx, dev.faultline.harness.control.Node node) {
            }

            @Override
            public List<String> logFiles(dev.faultline.harness.spi.TestContext ctx, dev.faultline.harness.control.Node node) {
                return List.of();
            }
        };
        abstract class WithPrimary implements dev.faultline.harness.spi.Db, dev.faultline.harness.spi.PrimaryAware {
        }
        dev.faultline.harness.spi.Db primaryAware = new WithPrimary() {
            @Override
            public void setup(dev.faultline.harness.spi.TestContext ctx, dev.faultline.harness.control.Node node) {
            }

            @Override
            public void teardown(dev.faultline.harness.spi.TestContext ctx, dev.faultline.harness.control.Node node) {
            }

            @Override
            public List<String> logFiles(dev.faultline.harness.spi.TestContext ctx, dev.faultline.harness.control.Node node) {
                return List.of();
            }

            @Override
            public java.util.Optional<String> primary(dev.faultline.harness.spi.TestContext ctx) {
                return java.util.Optional.of("n1");
            }
        };
        Set<Object> aimed = invocations(factory("clock").create(options(3, Map.of()), primaryAware)).stream()
                .filter(o -> o.value() instanceof Map<?, ?>).map(o -> ((Map<?, ?>) o.value()).get("targets")).collect(Collectors.toSet());
        assertThat(aimed).containsExactlyInAnyOrder("primaries", "one", "majority", "all");
        Set<Object> plainAimed = invocations(factory("clock").create(options(3, Map.of()), plain)).stream()
                .filter(o -> o.value() instanceof Map<?, ?>).map(o -> ((Map<?, ?>) o.value()).get("targets")).collect(Collectors.toSet());
        assertThat(plainAimed).doesNotContain("primaries");
        // the user's targets win over either default
        assertThat(invocations(factory("clock").create(options(3, Map.of("clock.targets", "all")), primaryAware)).stream()
                .filter(o -> o.value() instanceof Map<?, ?>).map(o -> (Object) ((Map<?, ?>) o.value()).get("targets")).collect(Collectors.toSet()))
                .containsExactly((Object) "all");
    }

    @Test
    void clockCanBeLimitedToForwardBumpsOfTheLeaderAndResets() {
        NemesisPackage p = factory("clock").create(options(3, Map.of("clock.ops", "bump,reset", "clock.direction", "forward",
                "clock.min-delta", "10s", "clock.max-delta", "40s", "clock.targets", "primaries")));
        List<Op> ops = invocations(p);
        assertThat(ops.stream().map(Op::f).collect(Collectors.toSet())).containsExactlyInAnyOrder("bump-clock", "reset-clock");
        for (Op op : ops) {
            assertThat(((Map<?, ?>) op.value()).get("targets")).isEqualTo("primaries");
            if (op.f().equals("bump-clock")) {
                assertThat((Long) ((Map<?, ?>) op.value()).get("delta-ms")).isBetween(10_000L, 40_000L);
            }
        }
        assertThatThrownBy(() -> factory("clock").create(options(3, Map.of("clock.ops", "bump,jump"))))
                .hasMessageContaining("clock.ops=bump,jump").hasMessageContaining("'jump'");
        assertThatThrownBy(() -> factory("clock").create(options(3, Map.of("clock.direction", "sideways"))))
                .hasMessageContaining("clock.direction=sideways");
        assertThatThrownBy(() -> factory("clock").create(options(3, Map.of("clock.min-delta", "20s", "clock.max-delta", "10s"))))
                .hasMessageContaining("clock.min-delta");
    }

    @Test
    void impossibleSpecsFailBeforeTheRun() {
        assertThatThrownBy(() -> factory("kill").create(options(1, Map.of("kill.targets", "minority"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--param kill.targets").hasMessageContaining("minority of 1 is 0 nodes");
        assertThatThrownBy(() -> factory("pause").create(options(1, Map.of("pause.targets", "majority"))))
                .hasMessageContaining("majority of 1");
        assertThatThrownBy(() -> factory("clock").create(options(3, Map.of("clock.targets", "one;n4"))))
                .hasMessageContaining("[n4]");
        assertThatThrownBy(() -> factory("partition").create(options(1, Map.of())))
                .hasMessageContaining("at least 2 nodes");
        assertThatThrownBy(() -> factory("partition").create(options(2, Map.of("partition.targets", "bridge"))))
                .hasMessageContaining("bridge").hasMessageContaining("at least 3");
        assertThatThrownBy(() -> factory("packet").create(options(1, Map.of())))
                .hasMessageContaining("at least 2 nodes");
        assertThatThrownBy(() -> factory("packet").create(options(3, Map.of("packet.reorder", "10"))))
                .hasMessageContaining("reorder-pct needs a delay");
        assertThatThrownBy(() -> factory("clock").create(options(3, Map.of("clock.strobe-period", "fast"))))
                .hasMessageContaining("clock.strobe-period=fast");
        // defaults shrink to what fits instead of failing
        assertThat(invocations(factory("kill").create(options(1, Map.of()))).stream()
                .filter(o -> o.value() != null).map(Op::value).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("one", "all");
    }
}
