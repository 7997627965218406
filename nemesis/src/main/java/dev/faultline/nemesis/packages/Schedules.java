package dev.faultline.nemesis.packages;

import dev.faultline.harness.generator.Generator;
import dev.faultline.harness.generator.Generators;

import java.time.Duration;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Fault schedules in the style of Jepsen's {@code nemesis.combined}: a fault op, then its
 * recovery op, then the next fault, ..., spaced by random intervals with mean {@code interval}
 * (uniform in [0, 2·interval)). All ops run on the nemesis thread.
 */
final class Schedules {
    private Schedules() {
    }

    /** start, stop, start, stop, ... staggered by {@code interval}. */
    static Generator startStop(Duration interval, Generator starts, String stopF) {
        return Generators.nemesis(Generators.stagger(interval,
                Generators.flipFlop(starts, Generators.repeat(Generators.op(stopF, null, null)))));
    }

    /**
     * start, hold for exactly {@code duration}, stop, wait exactly {@code gap}, start, ... (the first
     * start at once: the runner already waits one nemesis interval before the first fault). For faults
     * whose effect needs a minimum length (a session that must expire while its member is cut off).
     */
    static Generator fixedStartStop(Duration gap, Duration duration, Generator starts, String stopF) {
        return Generators.nemesis(Generators.cycle(Generators.seq(
                Generators.limit(1, starts), Generators.sleep(duration), Generators.op(stopF, null, null), Generators.sleep(gap))));
    }

    /** The recovery op alone, for the final phase. */
    static Generator stop(String stopF) {
        return Generators.op(stopF, null, null);
    }

    static <T> T pick(RandomGenerator random, List<T> choices) {
        return choices.get(choices.size() == 1 ? 0 : random.nextInt(choices.size()));
    }
}
