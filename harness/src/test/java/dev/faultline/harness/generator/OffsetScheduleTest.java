package dev.faultline.harness.generator;

import dev.faultline.checkers.history.Op;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OffsetScheduleTest {
    private static final long MS = 1_000_000;

    private static List<OffsetSchedule.Entry> entries() {
        return List.of(new OffsetSchedule.Entry(Duration.ofMillis(500), "start-fault", Map.of("targets", "n2")),
                new OffsetSchedule.Entry(Duration.ofMillis(900), "stop-fault", null),
                new OffsetSchedule.Entry(Duration.ofMillis(2300), "start-fault", "one"));
    }

    private static List<Op> invocations(List<Op> history) {
        return history.stream().filter(o -> o.isNemesis() && o.isInvoke()).toList();
    }

    @Test
    void emitsEachOpAtItsOffsetFromTheMainPhasesStartBehindTheLeadIn() {
        // as the runner does: one interval of sleep, then the schedule, with that interval as lead-in
        Generator g = Generators.seq(Generators.sleep(Duration.ofMillis(300)),
                OffsetSchedule.of(entries(), Duration.ofMillis(300)));
        List<Op> ops = invocations(new Simulation(0, true, 1).latency(op -> 10 * MS).run(Generators.nemesis(g)));
        assertThat(ops).extracting(Op::f).containsExactly("start-fault", "stop-fault", "start-fault");
        assertThat(ops).extracting(Op::value).containsExactly(Map.of("targets", "n2"), null, "one");
        // the anchor is the sleep's start (time 0), give or take the simulation's pending tick
        assertThat(ops.get(0).time()).isBetween(500 * MS, 502 * MS);
        assertThat(ops.get(1).time()).isBetween(900 * MS, 902 * MS);
        assertThat(ops.get(2).time()).isBetween(2300 * MS, 2302 * MS);
    }

    @Test
    void anOpWhoseTimeHasPassedGoesAtOnceAndNoneOvertakes() {
        // the first op takes 1 s: the second (planned at 900 ms) goes when it completes, the third on time
        List<Op> history = new Simulation(0, true, 1).latency(op -> op.time() < 600 * MS ? 1000 * MS : MS)
                .run(Generators.nemesis(OffsetSchedule.of(entries(), Duration.ZERO)));
        List<Op> ops = invocations(history);
        assertThat(ops.get(1).time()).isBetween(1500 * MS, 1502 * MS);
        assertThat(ops.get(2).time()).isBetween(2300 * MS, 2302 * MS);
    }

    @Test
    void theAnchorIsKeptWhenAnEmittedOpIsNotTakenAtOnce() {
        // Asked at 100 ms, the schedule anchors there; an op emitted for later and then asked again
        // (a completion came in between) must keep its planned time instead of moving with the clock.
        Context ctx = Context.initial(0, true, 1).withTime(100 * MS);
        Generator g = OffsetSchedule.of(entries(), Duration.ZERO);
        Step first = g.op(ctx);
        assertThat(first).isInstanceOf(Step.Pending.class);
        Generator anchored = ((Step.Pending) first).next();
        Step.Emit e1 = (Step.Emit) anchored.op(ctx.withTime(150 * MS));
        Step.Emit e2 = (Step.Emit) anchored.op(ctx.withTime(400 * MS));
        assertThat(e1.op().time()).isEqualTo(600 * MS);
        assertThat(e2.op().time()).isEqualTo(600 * MS);
    }

    @Test
    void staysOpenUntilItsEndSoThatTheMainPhaseLastsAsRecorded() {
        Generator g = Generators.any(Generators.nemesis(OffsetSchedule.of(entries(), Duration.ZERO, Duration.ofSeconds(5))),
                Generators.clients(Generators.limit(3, Generators.repeat(Generators.op("read", null, null)))));
        Simulation sim = new Simulation(1, true, 1);
        List<Op> history = sim.run(Generators.seq(g, Generators.clients(Generators.op("final-read", null, null))));
        Op last = history.stream().filter(o -> o.f().equals("final-read")).findFirst().orElseThrow();
        assertThat(last.time()).isGreaterThanOrEqualTo(5000 * MS);
    }

    @Test
    void refusesEntriesOutOfTimeOrder() {
        assertThatThrownBy(() -> OffsetSchedule.of(List.of(new OffsetSchedule.Entry(Duration.ofSeconds(2), "a", null),
                new OffsetSchedule.Entry(Duration.ofSeconds(1), "b", null)), Duration.ZERO))
                .hasMessageContaining("entry 1 (b at PT1S) comes before entry 0");
    }
}
