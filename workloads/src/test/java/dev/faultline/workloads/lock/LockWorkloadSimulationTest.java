package dev.faultline.workloads.lock;

import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.Op;
import dev.faultline.checkers.lock.LockChecker;
import dev.faultline.checkers.result.CheckResult;
import dev.faultline.checkers.result.Validity;
import dev.faultline.harness.generator.Generators;
import dev.faultline.harness.generator.Simulation;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The workload's schedule, run in virtual time against a tiny in-memory lease table (a model of the
 * contract in docs/protocols.md, not the system under test), and judged by the lock checker: the
 * generator produces the op shapes the checker expects, and slow holders do expose missing fencing.
 */
class LockWorkloadSimulationTest {
    /** Leases counted from the request's time (as the real leader does, from when it saw the request). */
    private static final class LeaseTable {
        record Lease(int process, long token, long expires) {
        }

        final Map<String, Lease> leases = new HashMap<>();
        final Map<String, Long> highest = new HashMap<>();
        final boolean fencing;
        final boolean honourLeases;
        long nextToken = 1;
        long seq;
        int staleRejected;

        LeaseTable(boolean fencing, boolean honourLeases) {
            this.fencing = fencing;
            this.honourLeases = honourLeases;
        }

        Op answer(Op op) {
            String k = op.key();
            Lease l = leases.get(k);
            boolean live = l != null && l.expires() > op.time();
            switch (op.f()) {
                case "acquire" -> {
                    if (live && honourLeases) return op.fail("lock-held");
                    long token = nextToken++;
                    leases.put(k, new Lease(op.process(), token, op.time() + (Long) op.value() * 1_000_000L));
                    return op.ok(token);
                }
                case "renew" -> {
                    if (!live || l.process() != op.process() || l.token() != (Long) op.value()) return op.fail("not-holder");
                    leases.put(k, new Lease(l.process(), l.token(), op.time() + 1000 * 1_000_000L));
                    return op.ok(op.value());
                }
                case "release" -> {
                    if (l == null || l.process() != op.process() || l.token() != (Long) op.value()) return op.fail("not-holder");
                    leases.remove(k);
                    return op.ok(op.value());
                }
                case "write" -> {
                    Map<?, ?> v = (Map<?, ?>) op.value();
                    long token = (Long) v.get("token");
                    long top = highest.getOrDefault(k, 0L);
                    if (fencing && token < top) {
                        staleRejected++;
                        return op.fail("stale-token");
                    }
                    highest.put(k, Math.max(top, token));
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("token", token);
                    out.put("value", v.get("value"));
                    out.put("seq", ++seq);
                    return op.ok(out);
                }
                default -> throw new IllegalArgumentException("unexpected op " + op);
            }
        }
    }

    private static List<Op> run(LeaseTable table, long seed) {
        LockWorkloadOptions o = new LockWorkloadOptions(2, 1000, 0.3, 1.5, 2, 0.2, 50, LockWorkloadOptions.CHECK_ALL);
        return new Simulation(6, false, seed)
                .latency(op -> 5_000_000)
                .outcome(table::answer)
                .run(Generators.timeLimit(Duration.ofSeconds(60), new LockWorkload(o).generator()));
    }

    @Test
    void aCorrectLeaseTableWithFencingIsValid() {
        LeaseTable t = new LeaseTable(true, true);
        List<Op> ops = run(t, 1);
        CheckResult r = new LockChecker().check(History.of(ops));
        assertThat(r.validity()).as("%s", r).isEqualTo(Validity.VALID);
        assertThat(ops.stream().filter(op -> op.isOk() && op.f().equals("acquire")).count()).isGreaterThan(50);
        assertThat(ops.stream().filter(op -> op.isOk() && op.f().equals("write")).count()).isGreaterThan(50);
        assertThat(ops.stream().filter(op -> op.isOk() && op.f().equals("renew")).count()).isGreaterThan(0);
        assertThat(t.staleRejected).as("slow holders were fenced off").isGreaterThan(0);
    }

    @Test
    void slowHoldersWithoutFencingAreCaught() {
        CheckResult r = new LockChecker().check(History.of(run(new LeaseTable(false, true), 2)));
        assertThat(r.validity()).isEqualTo(Validity.INVALID);
        CheckResult fencing = r.children().get(1);
        assertThat(fencing.validity()).isEqualTo(Validity.INVALID);
        assertThat(fencing.children().get(0).checker()).isEqualTo("stale-writes");
        assertThat(fencing.children().get(0).validity()).isEqualTo(Validity.INVALID);
        assertThat(r.children().get(0).validity()).as("leases were honoured").isEqualTo(Validity.VALID);
    }

    @Test
    void grantingHeldLocksBreaksMutualExclusion() {
        CheckResult r = new LockChecker().check(History.of(run(new LeaseTable(true, false), 3)));
        assertThat(r.children().get(0).validity()).isEqualTo(Validity.INVALID);
    }

    @Test
    void optionsComeFromParams() {
        var to = new dev.faultline.harness.spi.TestOptions("t", "lock", "lock", List.of(), 3, 5, Duration.ofSeconds(10),
                Duration.ofSeconds(5), 1, java.util.Set.of(), Map.of("lock.ttl-ms", "500", "lock.locks", "3"));
        LockWorkloadOptions o = LockWorkloadOptions.from(to);
        assertThat(o.ttlMs()).isEqualTo(500);
        assertThat(o.lockNames()).containsExactly("lock-0", "lock-1", "lock-2");
        var bad = new dev.faultline.harness.spi.TestOptions("t", "lock", "lock", List.of(), 3, 5, Duration.ofSeconds(10),
                Duration.ofSeconds(5), 1, java.util.Set.of(), Map.of("lock.slow-fraction", "lots"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LockWorkloadOptions.from(bad))
                .hasMessageContaining("lock.slow-fraction");
    }
}
