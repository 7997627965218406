package dev.faultline.workloads.bank;

import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.Op;
import dev.faultline.checkers.result.Validity;
import dev.faultline.harness.generator.Generators;
import dev.faultline.harness.generator.Simulation;
import dev.faultline.harness.spi.TestOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BankWorkloadTest {
    private static BankWorkload workload(Map<String, String> params) {
        return BankWorkload.create(new TestOptions("t", "x", "bank", List.of(), 3, 5, Duration.ofSeconds(10), Duration.ofSeconds(5),
                1, Set.of(), params));
    }

    /** An in-memory bank; with {@code loseHalf} every 50th transfer credits but does not debit. */
    private static Function<Op, Op> bank(BankSettings s, boolean loseHalf) {
        Map<String, Long> balances = new TreeMap<>();
        for (String a : s.accountNames()) balances.put(a, s.initialBalance());
        int[] n = {0};
        return op -> {
            if (op.f().equals(BankWorkload.READ)) return op.ok(new TreeMap<>(balances));
            Map<?, ?> v = (Map<?, ?>) op.value();
            String from = (String) v.get("from");
            long amount = (Long) v.get("amount");
            if (balances.get(from) < amount) return op.fail("insufficient-funds");
            if (!(loseHalf && ++n[0] % 50 == 0)) balances.merge(from, -amount, Long::sum);
            balances.merge((String) v.get("to"), amount, Long::sum);
            return op.ok(op.value());
        };
    }

    private static List<Op> simulate(BankWorkload w, Function<Op, Op> bank) {
        List<Op> all = new ArrayList<>(new Simulation(5, false, 3).outcome(bank).run(Generators.limit(1000, w.generator())));
        for (Op op : new Simulation(5, false, 4).outcome(bank).run(w.finalGenerator())) all.add(op.withProcess(op.process() + 1000));
        return all;
    }

    @Test
    void transfersAndReadsMixAndAFinalReadFollows() {
        BankWorkload w = workload(Map.of("bank.rate", "0", "bank.accounts", "4", "bank.read-fraction", "0.25"));
        List<Op> h = simulate(w, bank(w.settings(), false));
        List<Op> invokes = h.stream().filter(Op::isInvoke).toList();
        long reads = invokes.stream().filter(o -> o.f().equals("read") && o.process() < 1000).count();
        assertThat(reads).isBetween(150L, 350L);
        assertThat(invokes.stream().filter(o -> o.f().equals("transfer"))).allSatisfy(o -> {
            Map<?, ?> v = (Map<?, ?>) o.value();
            assertThat(v.get("from")).isNotEqualTo(v.get("to"));
            assertThat(Set.of("a0", "a1", "a2", "a3")).contains((String) v.get("from"), (String) v.get("to"));
            assertThat((Long) v.get("amount")).isBetween(1L, 5L);
        });
        // The final phase reads once: the first read succeeds.
        assertThat(invokes.stream().filter(o -> o.process() >= 1000).map(Op::f).toList()).containsExactly("read");
        assertThat(w.checker().check(History.of(h)).validity()).isEqualTo(Validity.VALID);
    }

    @Test
    void aBankThatLosesHalfATransferIsInvalid() {
        BankWorkload w = workload(Map.of("bank.rate", "0"));
        var result = w.checker().check(History.of(simulate(w, bank(w.settings(), true))));
        assertThat(result.validity()).isEqualTo(Validity.INVALID);
        assertThat(result.summary()).contains("wrong total");
    }

    @Test
    void theBankIsDescribedByParamsSharedWithTargets() {
        BankSettings s = workload(Map.of("bank.accounts", "3", "bank.initial-balance", "7")).settings();
        assertThat(s.accountNames()).containsExactly("a0", "a1", "a2");
        assertThat(s.expectedTotal()).isEqualTo(21);
        assertThatThrownBy(() -> workload(Map.of("bank.accounts", "many"))).hasMessageContaining("bank.accounts=many");
        assertThatThrownBy(() -> workload(Map.of("bank.read-fraction", "2"))).hasMessageContaining("bank.read-fraction");
    }
}
