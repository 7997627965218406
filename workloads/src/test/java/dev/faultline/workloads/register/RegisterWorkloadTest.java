package dev.faultline.workloads.register;

import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.Op;
import dev.faultline.checkers.result.Validity;
import dev.faultline.harness.control.Cluster;
import dev.faultline.harness.generator.Generators;
import dev.faultline.harness.generator.Simulation;
import dev.faultline.harness.spi.Db;
import dev.faultline.harness.spi.TestContext;
import dev.faultline.harness.spi.TestOptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegisterWorkloadTest {
    private static TestContext ctx(Map<String, String> params) {
        TestOptions o = new TestOptions("t", "x", "register", List.of(), 3, 10, Duration.ofSeconds(10), Duration.ofSeconds(5),
                1, Set.of(), params);
        return new TestContext() {
            public TestOptions options() {
                return o;
            }

            public Cluster cluster() {
                return new Cluster(List.of());
            }

            public Db db() {
                return null;
            }

            public Path runDir() {
                return Path.of(".");
            }

            public long nanoTime() {
                return 0;
            }

            public Duration clientTimeout() {
                return Duration.ofSeconds(10);
            }
        };
    }

    /** An atomic in-memory register store; with {@code stale} a read returns the value before the last change. */
    private static Function<Op, Op> store(boolean stale) {
        Map<String, Long> now = new HashMap<>();
        Map<String, Long> before = new HashMap<>();
        return op -> switch (op.f()) {
            case "read" -> op.ok(stale && before.get(op.key()) != null ? before.get(op.key()) : now.get(op.key()));
            case "write" -> {
                before.put(op.key(), now.get(op.key()));
                now.put(op.key(), (Long) op.value());
                yield op.ok(op.value());
            }
            default -> {
                List<?> v = (List<?>) op.value();
                if (!v.get(0).equals(now.get(op.key()))) yield op.fail("cas-mismatch");
                before.put(op.key(), now.get(op.key()));
                now.put(op.key(), (Long) v.get(1));
                yield op.ok(v);
            }
        };
    }

    /** Main phase then final phase; the final phase runs as later processes, after every main op completed. */
    private static List<Op> simulate(RegisterWorkload w, TestContext ctx, Function<Op, Op> store) {
        List<Op> all = new ArrayList<>(new Simulation(10, false, 3).outcome(store).run(Generators.limit(2000, w.generator(ctx))));
        for (Op op : new Simulation(10, false, 4).outcome(store).run(w.finalGenerator(ctx))) {
            all.add(op.withProcess(op.process() + 1000));
        }
        return all;
    }

    @Test
    void opsStayWithinTheirKeyBudgetAndFinalReadsCoverEveryKey() {
        TestContext ctx = ctx(Map.of("ops-per-key", "50", "rate", "0"));
        RegisterWorkload w = RegisterWorkload.create(ctx.options());
        List<Op> h = simulate(w, ctx, store(false));
        Map<String, Long> perKey = h.stream().filter(o -> o.isInvoke() && o.process() < 1000)
                .collect(Collectors.groupingBy(Op::key, Collectors.counting()));
        assertThat(perKey.values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(50));
        assertThat(perKey.size()).isGreaterThanOrEqualTo(40);
        assertThat(h.stream().filter(Op::isInvoke).map(Op::f).distinct()).containsExactlyInAnyOrder("read", "write", "cas");
        Set<String> finalReads = h.stream().filter(o -> o.isInvoke() && o.process() >= 1000).map(Op::key).collect(Collectors.toSet());
        assertThat(finalReads).containsAll(perKey.keySet());
        assertThat(w.checker(ctx).check(History.of(h)).validity()).isEqualTo(Validity.VALID);
    }

    @Test
    void aStoreThatServesStaleReadsIsInvalid() {
        TestContext ctx = ctx(Map.of("rate", "0"));
        RegisterWorkload w = RegisterWorkload.create(ctx.options());
        var result = w.checker(ctx).check(History.of(simulate(w, ctx, store(true))));
        assertThat(result.validity()).isEqualTo(Validity.INVALID);
        assertThat(result.summary()).contains("read");
    }

    @Test
    void badParamsNameTheParam() {
        assertThatThrownBy(() -> RegisterWorkload.create(ctx(Map.of("ops-per-key", "many")).options()))
                .hasMessageContaining("ops-per-key=many");
        assertThatThrownBy(() -> RegisterWorkload.create(ctx(Map.of("values", "0")).options()))
                .hasMessageContaining("values");
    }
}
