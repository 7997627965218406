package dev.faultline.harness.generator;

import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.Op;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static dev.faultline.harness.generator.Generators.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GeneratorsTest {
    private static final long MS = 1_000_000;

    private static List<Op> invokes(List<Op> history) {
        return history.stream().filter(Op::isInvoke).toList();
    }

    private static List<String> fs(List<Op> ops) {
        return ops.stream().map(Op::f).toList();
    }

    private static Generator reads() {
        return fn(ctx -> invoke("read", null));
    }

    @Test
    void singleOpIsEmittedOnceWithProcessAndTimeFilledIn() {
        List<Op> h = new Simulation(3, false, 1).run(op("write", "k", 1L));
        assertThat(h).hasSize(2);
        Op inv = h.get(0);
        assertThat(inv.isInvoke()).isTrue();
        assertThat(inv.process()).isBetween(0, 2);
        assertThat(inv.time()).isZero();
        assertThat(inv.key()).isEqualTo("k");
        assertThat(h.get(1).isOk()).isTrue();
        assertThat(h.get(1).time()).isEqualTo(MS);
    }

    @Test
    void limitBoundsAnInfiniteFunctionAndAllThreadsWork() {
        List<Op> h = new Simulation(4, false, 7).run(limit(100, reads()));
        assertThat(invokes(h)).hasSize(100);
        assertThat(invokes(h).stream().map(Op::process).collect(Collectors.toSet())).containsExactlyInAnyOrder(0, 1, 2, 3);
        History.of(h); // well-formed: no process has two ops in flight
    }

    @Test
    void sameSeedGivesSameHistoryAndOtherSeedsDiffer() {
        Generator g = limit(50, stagger(Duration.ofMillis(5), mix(reads(), fn(c -> invoke("write", (long) c.random().nextInt(5))))));
        List<Op> a = new Simulation(5, false, 42).run(g);
        List<Op> b = new Simulation(5, false, 42).run(g);
        List<Op> c = new Simulation(5, false, 43).run(g);
        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
    }

    @Test
    void mixDrawsFromEveryGeneratorAndDropsExhaustedOnes() {
        List<Op> h = new Simulation(2, false, 3).run(limit(300, mix(reads(), fn(c -> invoke("write", 1L)), limit(5, fn(c -> invoke("cas", 1L))))));
        Map<String, Long> counts = invokes(h).stream().collect(Collectors.groupingBy(Op::f, Collectors.counting()));
        assertThat(counts.get("cas")).isEqualTo(5);
        assertThat(counts.get("read")).isBetween(100L, 200L);
        assertThat(counts.get("write")).isBetween(100L, 200L);
    }

    @Test
    void shuffledRoundsGiveEveryGeneratorOneOpPerRoundInARandomOrder() {
        List<Op> h = invokes(new Simulation(2, false, 11).run(limit(300, shuffledRounds(List.of(
                reads(), fn(c -> invoke("write", 1L)), limit(5, fn(c -> invoke("cas", 1L))))))));
        for (int round = 0; round < 5; round++) {
            assertThat(fs(h.subList(3 * round, 3 * round + 3))).as("round %d of three", round).containsExactlyInAnyOrder("read", "write", "cas");
        }
        for (int round = 0; 15 + 2 * round + 2 <= h.size(); round++) {
            assertThat(fs(h.subList(15 + 2 * round, 15 + 2 * round + 2))).as("once cas is exhausted, rounds of two")
                    .containsExactlyInAnyOrder("read", "write");
        }
        assertThat(h).hasSize(300);
        List<String> firstOfEachRound = java.util.stream.IntStream.range(0, 5).mapToObj(r -> h.get(3 * r).f()).toList();
        assertThat(Set.copyOf(firstOfEachRound)).as("the order within a round is drawn").hasSizeGreaterThan(1);
    }

    @Test
    void staggerSpacesOpsByTheGivenMeanInterval() {
        List<Op> h = new Simulation(10, false, 5).latency(op -> 0).run(limit(1000, stagger(Duration.ofMillis(10), reads())));
        List<Op> inv = invokes(h);
        long span = inv.get(inv.size() - 1).time() - inv.get(0).time();
        double mean = span / (double) (inv.size() - 1);
        assertThat(mean).isBetween(9.0 * MS, 11.0 * MS);
        long distinctGaps = java.util.stream.IntStream.range(1, inv.size())
                .mapToLong(i -> inv.get(i).time() - inv.get(i - 1).time()).distinct().count();
        assertThat(distinctGaps).isGreaterThan(100); // random, not fixed
    }

    @Test
    void delaySpacesOpsExactly() {
        List<Op> inv = invokes(new Simulation(10, false, 5).run(limit(5, delay(Duration.ofMillis(7), reads()))));
        assertThat(inv.stream().map(Op::time).toList()).containsExactly(0L, 7 * MS, 14 * MS, 21 * MS, 28 * MS);
    }

    @Test
    void timeLimitStopsAtTheDeadline() {
        List<Op> inv = invokes(new Simulation(1, false, 1).run(timeLimit(Duration.ofMillis(100), delay(Duration.ofMillis(10), reads()))));
        assertThat(inv).hasSize(10);
        assertThat(inv.get(inv.size() - 1).time()).isLessThan(100 * MS);
    }

    @Test
    void timeLimitEndsEvenWhileTheGeneratorIsPending() {
        // one thread, and ops take 1 s: the second op would come at 1 s, past the 500 ms limit
        List<Op> h = new Simulation(1, false, 1).latency(op -> 1000 * MS).run(timeLimit(Duration.ofMillis(500), reads()));
        assertThat(invokes(h)).hasSize(1);
    }

    @Test
    void phasesWaitForEveryOpOfThePreviousPhase() {
        Generator g = phases(limit(6, fn(c -> invoke("write", 1L))), op("read", null, null));
        List<Op> h = new Simulation(3, false, 1).latency(op -> op.f().equals("write") ? 50 * MS : MS).run(g);
        int readIndex = fs(h).indexOf("read");
        long completionsBefore = h.subList(0, readIndex).stream().filter(o -> !o.isInvoke()).count();
        assertThat(completionsBefore).isEqualTo(6);
        assertThat(h.get(readIndex).time()).isEqualTo(100 * MS);
    }

    @Test
    void seqDoesNotWaitForCompletions() {
        Generator g = seq(op("write", null, 1L), op("read", null, null));
        List<Op> h = new Simulation(2, false, 1).latency(op -> 50 * MS).run(g);
        assertThat(fs(invokes(h))).containsExactly("write", "read");
        assertThat(invokes(h).get(1).time()).isZero();
    }

    @Test
    void repeatEmitsTheFirstOpAgainAndCycleReplaysTheWholeGenerator() {
        assertThat(fs(invokes(new Simulation(2, false, 1).run(repeat(3, seq(op("a", null, null), op("b", null, null)))))))
                .containsExactly("a", "a", "a");
        assertThat(fs(invokes(new Simulation(2, false, 1).run(cycle(2, seq(op("a", null, null), op("b", null, null)))))))
                .containsExactly("a", "b", "a", "b");
        assertThat(invokes(new Simulation(2, false, 1).run(limit(7, cycle(op("x", null, null)))))).hasSize(7);
        assertThat(new Simulation(2, false, 1).run(cycle(empty()))).isEmpty();
    }

    @Test
    void clientsAndNemesisRouteOpsToTheirThreads() {
        Generator g = clients(limit(20, reads()), seq(op("start-partition", null, null), op("stop-partition", null, null)));
        List<Op> h = new Simulation(3, true, 1).run(g);
        for (Op op : invokes(h)) {
            if (op.f().endsWith("partition")) assertThat(op.process()).isEqualTo(Op.NEMESIS);
            else assertThat(op.process()).isBetween(0, 2);
        }
        assertThat(fs(invokes(h))).contains("start-partition", "stop-partition");
        assertThat(invokes(h).stream().filter(o -> o.f().equals("read")).count()).isEqualTo(20);
    }

    @Test
    void opsNamingABusyProcessWaitAndUnknownProcessesAreRejected() {
        Op pinned = new Op(-1, -1, 0, dev.faultline.checkers.history.OpType.INVOKE, "read", null, null, null);
        List<Op> h = new Simulation(2, false, 1).run(seq(op(pinned), op(pinned)));
        assertThat(invokes(h)).extracting(Op::process).containsExactly(0, 0);
        assertThat(invokes(h).get(1).time()).isEqualTo(MS);
        Op stranger = pinned.withProcess(99);
        assertThatThrownBy(() -> new Simulation(2, false, 1).run(op(stranger))).hasMessageContaining("process 99");
    }

    @Test
    void infoMovesTheThreadToAFreshProcess() {
        AtomicInteger n = new AtomicInteger();
        List<Op> h = new Simulation(2, false, 1)
                .outcome(op -> n.incrementAndGet() % 3 == 0 ? op.info("timeout") : op.ok(null))
                .run(limit(30, reads()));
        Set<Integer> processes = invokes(h).stream().map(Op::process).collect(Collectors.toSet());
        assertThat(processes).anyMatch(p -> p >= 2);
        for (Op op : h) {
            if (op.isInfo()) {
                assertThat(invokes(h).stream().filter(o -> o.index() > op.index()).map(Op::process)).doesNotContain(op.process());
            }
        }
        assertThat(processes.stream().map(p -> p % 2).collect(Collectors.toSet())).containsExactlyInAnyOrder(0, 1);
        History.of(h);
    }

    @Test
    void eachThreadGivesEveryThreadItsOwnCopy() {
        List<Op> h = new Simulation(4, false, 1).run(clients(eachThread(seq(op("a", null, null), op("b", null, null)))));
        assertThat(invokes(h)).hasSize(8);
        Map<Integer, List<String>> perProcess = invokes(h).stream()
                .collect(Collectors.groupingBy(Op::process, Collectors.mapping(Op::f, Collectors.toList())));
        assertThat(perProcess).hasSize(4).allSatisfy((p, f) -> assertThat(f).containsExactly("a", "b"));
    }

    @Test
    void untilOkStopsAfterTheFirstOk() {
        AtomicInteger n = new AtomicInteger();
        List<Op> h = new Simulation(1, false, 1)
                .outcome(op -> n.incrementAndGet() < 4 ? op.fail("no-leader") : op.ok(7L))
                .run(untilOk(reads()));
        assertThat(invokes(h)).hasSize(4);
        assertThat(h.get(h.size() - 1).isOk()).isTrue();
    }

    @Test
    void sleepDelaysWhatFollows() {
        List<Op> inv = invokes(new Simulation(1, false, 1).run(seq(op("a", null, null), sleep(Duration.ofSeconds(2)), op("b", null, null))));
        assertThat(inv.get(1).time()).isGreaterThanOrEqualTo(2000 * MS).isLessThan(2002 * MS);
    }

    @Test
    void logIsNotRecordedAndTakesNoThread() {
        Simulation sim = new Simulation(1, false, 1);
        List<Op> h = sim.run(seq(log("phase one"), op("a", null, null), log("phase two")));
        assertThat(fs(h)).containsExactly("a", "a");
        assertThat(sim.logs()).containsExactly("phase one", "phase two");
    }

    @Test
    void flipFlopAlternates() {
        Generator g = flipFlop(repeat(op("start", null, null)), repeat(op("stop", null, null)));
        assertThat(fs(invokes(new Simulation(0, true, 1).run(nemesis(limit(5, g))))))
                .containsExactly("start", "stop", "start", "stop", "start");
    }

    @Test
    void anyTakesTheSoonestOp() {
        Generator g = any(delay(Duration.ofMillis(30), limit(3, fn(c -> invoke("slow", null)))),
                delay(Duration.ofMillis(20), limit(4, fn(c -> invoke("fast", null)))));
        List<Op> inv = invokes(new Simulation(5, false, 1).run(g));
        assertThat(inv.stream().map(Op::time).toList()).isSorted();
        assertThat(inv).hasSize(7);
    }

    @Test
    void independentKeysBoundOpsPerKeyAndGiveEachGroupItsOwnKey() {
        Generator g = independentKeys(2, 10, -1, key -> fn(c -> invoke("write", "k" + key, 1L)));
        List<Op> h = new Simulation(6, false, 9).run(limit(200, g));
        Map<String, Long> perKey = invokes(h).stream().collect(Collectors.groupingBy(Op::key, Collectors.counting()));
        assertThat(perKey.values()).allSatisfy(c -> assertThat(c).isLessThanOrEqualTo(10));
        assertThat(perKey.size()).isBetween(20, 22); // the last key of each of the 3 groups may be partial
        assertThat(perKey.values().stream().filter(c -> c == 10).count()).isGreaterThanOrEqualTo(perKey.size() - 3);
        // at any moment a key is worked on by at most 2 processes' threads
        Map<String, Set<Integer>> threads = invokes(h).stream().collect(Collectors.groupingBy(Op::key,
                Collectors.mapping(o -> o.process() % 6, Collectors.toCollection(TreeSet::new))));
        assertThat(threads.values()).allSatisfy(t -> assertThat(t.size()).isLessThanOrEqualTo(2));
    }

    /**
     * Under an outer stagger every group offers an op for "now": the tie must go to a random free
     * thread. (Picking the first group starved the second one: in a 30 s etcd run, 4 of 9 threads
     * issued a handful of ops between them while the other 5 issued thousands.)
     */
    @Test
    void independentKeysUnderStaggerShareOpsFairlyBetweenGroups() {
        Generator g = independentKeys(5, 100, -1, key -> fn(c -> invoke("read", "k" + key, null)));
        List<Op> inv = invokes(new Simulation(9, false, 3)
                .latency(op -> 2 * MS)
                .run(timeLimit(Duration.ofSeconds(10), stagger(Duration.ofMillis(5), g))));
        Map<Long, Long> perThread = inv.stream().collect(Collectors.groupingBy(o -> o.process() % 9L, Collectors.counting()));
        double mean = inv.size() / 9.0;
        assertThat(perThread).hasSize(9);
        assertThat(perThread.values()).allSatisfy(n -> assertThat((double) n).isBetween(0.7 * mean, 1.3 * mean));
    }

    /** A thread whose writes time out is still offered reads at the usual rate: op types stay independent of threads. */
    @Test
    void aSlowThreadGetsTheSameMixOfOpsAsTheOthers() {
        Generator g = independentKeys(5, 100, -1, key -> mix(fn(c -> invoke("read", "k" + key, null)),
                fn(c -> invoke("write", "k" + key, 1L)), fn(c -> invoke("cas", "k" + key, 1L))));
        List<Op> inv = invokes(new Simulation(9, false, 5)
                .latency(op -> op.process() % 9 == 2 && !op.f().equals("read") ? 1000 * MS : 3 * MS)
                .outcome(op -> op.process() % 9 == 2 && !op.f().equals("read") ? op.info("timeout") : op.ok(op.value()))
                .run(timeLimit(Duration.ofSeconds(60), stagger(Duration.ofMillis(5), g))));
        List<Op> slow = inv.stream().filter(o -> o.process() % 9 == 2).toList();
        long reads = slow.stream().filter(o -> o.f().equals("read")).count();
        // Each free spell of the slow thread ends with its first write or cas: reads per spell ~ 1/2.
        assertThat(slow.size() - reads).isGreaterThan(40);
        assertThat((double) reads / (slow.size() - reads)).isBetween(0.3, 0.8);
    }

    @Test
    void eachThreadUnderStaggerSharesOpsFairly() {
        List<Op> inv = invokes(new Simulation(4, false, 2)
                .run(timeLimit(Duration.ofSeconds(5), stagger(Duration.ofMillis(5), eachThread(reads())))));
        Map<Long, Long> perThread = inv.stream().collect(Collectors.groupingBy(o -> o.process() % 4L, Collectors.counting()));
        double mean = inv.size() / 4.0;
        assertThat(perThread.values()).hasSize(4).allSatisfy(n -> assertThat((double) n).isBetween(0.7 * mean, 1.3 * mean));
    }

    @Test
    void independentKeysStopsAtMaxKeys() {
        Generator g = independentKeys(1, 3, 4, key -> fn(c -> invoke("read", "k" + key, null)));
        List<Op> inv = invokes(new Simulation(2, false, 1).run(g));
        assertThat(inv).hasSize(12);
        assertThat(inv.stream().map(Op::key).distinct().toList()).containsExactlyInAnyOrder("k0", "k1", "k2", "k3");
    }

    @Test
    void generatorsAreImmutable() {
        Generator g = limit(2, reads());
        Context ctx = Context.initial(2, false, 1);
        Step first = g.op(ctx);
        Step again = g.op(ctx);
        assertThat(first).isInstanceOf(Step.Emit.class);
        assertThat(again).isInstanceOf(Step.Emit.class);
        Generator next = ((Step.Emit) first).next();
        Step third = next.op(ctx);
        assertThat(((Step.Emit) third).next().op(ctx)).isInstanceOf(Step.Exhausted.class);
    }

    @Test
    void aGeneratorPendingWithNoFreeThreadAsksAgainAfterACompletion() {
        List<Op> h = new Simulation(1, false, 1).latency(op -> 10 * MS).run(limit(3, reads()));
        assertThat(invokes(h).stream().map(Op::time).toList()).containsExactly(0L, 10 * MS, 20 * MS);
    }
}
