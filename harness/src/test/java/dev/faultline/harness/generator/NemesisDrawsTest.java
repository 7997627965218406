package dev.faultline.harness.generator;

import dev.faultline.checkers.history.Op;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.faultline.harness.generator.Generators.*;
import static org.assertj.core.api.Assertions.assertThat;

/** The nemesis draws from its own seeded stream: the same seed gives the same faults whatever the clients do. */
class NemesisDrawsTest {
    private static final long MS = 1_000_000;

    private static Generator fault(String name) {
        return stagger(Duration.ofMillis(200), flipFlop(fn(c -> invoke("start-" + name, c.random().nextInt(1000))),
                repeat(op("stop-" + name, null, null))));
    }

    private static List<String> nemesisOps(long seed, long clientLatencyMs) {
        Generator clients = stagger(Duration.ofMillis(3), fn(c -> invoke("read", "k" + c.random().nextInt(5), null)));
        Generator nemesis = shuffledRounds(List.of(fault("partition"), fault("kill"), fault("pause")));
        List<Op> h = new Simulation(4, true, seed).latency(op -> op.process() == Op.NEMESIS ? MS : clientLatencyMs * MS)
                .maxTime(20_000 * MS).run(timeLimit(Duration.ofSeconds(20), Generators.clients(clients, nemesis)));
        return h.stream().filter(o -> o.isInvoke() && o.process() == Op.NEMESIS).map(o -> o.f() + " " + o.value()).toList();
    }

    @Test
    void theSameSeedDrawsTheSameFaultsWhateverTheClientsDo() {
        List<String> fast = nemesisOps(7, 1);
        List<String> slow = nemesisOps(7, 37);
        assertThat(fast).hasSizeGreaterThan(20);
        int n = Math.min(fast.size(), slow.size());
        assertThat(slow.subList(0, n)).as("the clients' own draws do not move the nemesis's").isEqualTo(fast.subList(0, n));
        assertThat(nemesisOps(8, 1).subList(0, 10)).as("another seed, other faults").isNotEqualTo(fast.subList(0, 10));
    }
}
