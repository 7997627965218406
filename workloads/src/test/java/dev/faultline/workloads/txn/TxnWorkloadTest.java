package dev.faultline.workloads.txn;

import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.Op;
import dev.faultline.checkers.result.Validity;
import dev.faultline.checkers.txn.TxnChecker;
import dev.faultline.harness.control.Cluster;
import dev.faultline.harness.generator.Generators;
import dev.faultline.harness.generator.Simulation;
import dev.faultline.harness.spi.Db;
import dev.faultline.harness.spi.TestContext;
import dev.faultline.harness.spi.TestOptions;
import dev.faultline.harness.spi.WorkloadFactory;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TxnWorkloadTest {
    private static TestContext ctx(Map<String, String> params) {
        TestOptions o = new TestOptions("t", "x", "list-append", List.of(), 3, 10, Duration.ofSeconds(10), Duration.ofSeconds(5),
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

    /**
     * An atomic in-memory store of lists or registers. With {@code staleReads} a transaction's
     * reads see the state before the previous transaction (a lagging replica), its writes the
     * current state.
     */
    private static Function<Op, Op> store(TxnChecker.Workload shape, boolean staleReads) {
        Map<Object, List<Object>> now = new HashMap<>();
        Map<Object, List<Object>>[] before = new Map[]{new HashMap<>()};
        return op -> {
            Map<Object, List<Object>> snapshot = new HashMap<>();
            now.forEach((k, v) -> snapshot.put(k, new ArrayList<>(v)));
            List<Object> out = new ArrayList<>();
            for (Object m : (List<?>) op.value()) {
                List<?> micro = (List<?>) m;
                Object key = micro.get(1);
                switch ((String) micro.get(0)) {
                    case "append" -> now.computeIfAbsent(key, k -> new ArrayList<>()).add(micro.get(2));
                    case "w" -> now.put(key, new ArrayList<>(List.of(micro.get(2))));
                    default -> {
                        List<Object> v = (staleReads ? before[0] : now).get(key);
                        Object read = shape == TxnChecker.Workload.LIST_APPEND || v == null ? v : v.get(v.size() - 1);
                        out.add(Arrays.asList("r", key, read == null ? null : read instanceof List<?> l ? List.copyOf(l) : read));
                        continue;
                    }
                }
                out.add(micro);
            }
            before[0] = snapshot;
            return op.ok(out);
        };
    }

    private static List<Op> simulate(TxnWorkload w, TestContext ctx, Function<Op, Op> store) {
        List<Op> all = new ArrayList<>(new Simulation(10, false, 3).outcome(store).run(Generators.limit(2000, w.generator(ctx))));
        for (Op op : new Simulation(10, false, 4).outcome(store).run(w.finalGenerator(ctx))) {
            all.add(op.withProcess(op.process() + 1000));
        }
        return all;
    }

    @Test
    void listAppendTransactionsRotateKeysUseUniqueValuesAndEndWithFinalReads() {
        TestContext ctx = ctx(Map.of("rate", "0"));
        TxnWorkload w = TxnWorkload.create(TxnChecker.Workload.LIST_APPEND, ctx.options());
        List<Op> h = simulate(w, ctx, store(TxnChecker.Workload.LIST_APPEND, false));
        Set<List<Object>> appended = new HashSet<>();
        Set<Object> keys = new HashSet<>();
        for (Op op : h) {
            if (!op.isInvoke() || op.process() >= 1000) continue;
            List<?> txn = (List<?>) op.value();
            assertThat(txn).hasSizeBetween(1, 4);
            for (Object m : txn) {
                List<?> micro = (List<?>) m;
                assertThat(micro.get(0)).isIn("append", "r");
                keys.add(micro.get(1));
                if (micro.get(0).equals("append")) assertThat(appended.add(List.of(micro.get(1), micro.get(2)))).isTrue();
            }
        }
        // 2000 transactions of 2.5 micro-ops, half appends, 32 appends per key: about 80 keys, 6 at a time
        assertThat(keys.size()).isBetween(40, 200);
        Set<Object> finalRead = new HashSet<>();
        h.stream().filter(o -> o.isInvoke() && o.process() >= 1000)
                .forEach(o -> ((List<?>) o.value()).forEach(m -> finalRead.add(((List<?>) m).get(1))));
        assertThat(finalRead).containsAll(keys);
        var result = w.checker(ctx).check(History.of(h));
        assertThat(result.validity()).as(result.summary()).isEqualTo(Validity.VALID);
        assertThat(result.checker()).isEqualTo("list-append");
    }

    @Test
    void rwRegisterWritesAreReadModifyWritesOncePerKey() {
        TestContext ctx = ctx(Map.of("rate", "0"));
        TxnWorkload w = TxnWorkload.create(TxnChecker.Workload.RW_REGISTER, ctx.options());
        List<Op> h = simulate(w, ctx, store(TxnChecker.Workload.RW_REGISTER, false));
        for (Op op : h) {
            if (!op.isInvoke()) continue;
            Set<Object> read = new HashSet<>();
            Set<Object> written = new HashSet<>();
            for (Object m : (List<?>) op.value()) {
                List<?> micro = (List<?>) m;
                assertThat(micro.get(0)).isIn("w", "r");
                if (micro.get(0).equals("r")) read.add(micro.get(1));
                else {
                    assertThat(read).as("write of %s in %s", micro.get(1), op.value()).contains(micro.get(1));
                    assertThat(written.add(micro.get(1))).as("one write per key in %s", op.value()).isTrue();
                }
            }
        }
        var result = w.checker(ctx).check(History.of(h));
        assertThat(result.validity()).as(result.summary()).isEqualTo(Validity.VALID);
    }

    @Test
    void staleReadsAreCaughtInBothWorkloads() {
        for (TxnChecker.Workload shape : TxnChecker.Workload.values()) {
            TestContext ctx = ctx(Map.of("rate", "0"));
            TxnWorkload w = TxnWorkload.create(shape, ctx.options());
            var result = w.checker(ctx).check(History.of(simulate(w, ctx, store(shape, true))));
            assertThat(result.validity()).as(shape + ": " + result.summary()).isEqualTo(Validity.INVALID);
        }
    }

    @Test
    void consistencyComesFromTheParamAndBadNamesAreNamed() {
        TestContext weak = ctx(Map.of("rate", "0", "txn.consistency", "read-uncommitted"));
        TxnWorkload w = TxnWorkload.create(TxnChecker.Workload.LIST_APPEND, weak.options());
        List<Op> h = simulate(w, weak, store(TxnChecker.Workload.LIST_APPEND, true));
        String weakSummary = w.checker(weak).check(History.of(h)).summary();
        TestContext strict = ctx(Map.of());
        String strictSummary = TxnWorkload.create(TxnChecker.Workload.LIST_APPEND, strict.options()).checker(strict).check(History.of(h)).summary();
        assertThat(strictSummary).contains("G-single");
        assertThat(weakSummary).doesNotContain("G-single");
        assertThatThrownBy(() -> TxnWorkload.create(TxnChecker.Workload.LIST_APPEND, ctx(Map.of("txn.consistency", "acid")).options()))
                .hasMessageContaining("txn.consistency").hasMessageContaining("acid");
        assertThatThrownBy(() -> TxnWorkload.create(TxnChecker.Workload.LIST_APPEND, ctx(Map.of("txn.key-count", "0")).options()))
                .hasMessageContaining("txn.key-count");
    }

    @Test
    void bothWorkloadsAreFoundByName() {
        List<String> names = ServiceLoader.load(WorkloadFactory.class).stream().map(p -> p.get().name()).toList();
        assertThat(names).contains("list-append", "rw-register");
    }
}
