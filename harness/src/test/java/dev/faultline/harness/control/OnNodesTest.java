package dev.faultline.harness.control;

import dev.faultline.checkers.history.Op;
import dev.faultline.checkers.history.OpType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How per-node outcomes become the history record: failures are errors, never silent. */
class OnNodesTest {
    private static final Cluster CLUSTER = new Cluster(List.of(
            new Node("n1", "10.0.0.1", null), new Node("n2", "10.0.0.2", null), new Node("n3", "10.0.0.3", null)));

    @Test
    void failuresAndTimeoutsAreRecordedPerNodeInClusterOrder() {
        NodeResults<String> r = OnNodes.run(CLUSTER, List.of("n3", "n1", "n2"), Duration.ofMillis(500), node -> switch (node.name()) {
            case "n1" -> throw new IllegalStateException("iptables: Permission denied");
            case "n2" -> {
                Thread.sleep(10_000);
                yield "late";
            }
            default -> "done";
        });
        assertThat(r.done()).isEqualTo(Map.of("n3", "done"));
        assertThat(r.failed().keySet()).containsExactly("n1", "n2");
        assertThat(r.error()).isEqualTo("n1: iptables: Permission denied; n2: timed out after 0.5 s");

        Op inv = Op.invoke(Op.NEMESIS, "start-partition", null, "halves");
        Op done = r.complete(inv);
        assertThat(done.type()).isEqualTo(OpType.INFO);
        assertThat(done.process()).isEqualTo(Op.NEMESIS);
        assertThat(done.value()).isEqualTo(Map.of("n3", "done"));
        assertThat(done.error()).contains("n1: iptables");
        assertThatThrownBy(() -> r.orThrow("healing")).isInstanceOf(NodesFailedException.class)
                .hasMessageContaining("healing failed on 2 node(s)");
    }

    /** An action that takes a moment to stop once interrupted, as a remote command killing itself on the node does. */
    private static String slowToStop(AtomicLong endedAt) throws InterruptedException {
        try {
            Thread.sleep(60_000);
            return "late";
        } catch (InterruptedException e) {
            long until = System.nanoTime() + 700_000_000L;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            endedAt.set(System.nanoTime());
            throw e;
        }
    }

    @Test
    void returnsOnlyAfterTimedOutActionsHaveEnded() {
        AtomicLong endedAt = new AtomicLong();
        NodeResults<String> r = OnNodes.run(CLUSTER, List.of("n1"), Duration.ofMillis(200), node -> slowToStop(endedAt));
        long returnedAt = System.nanoTime();
        assertThat(r.error()).isEqualTo("n1: timed out after 0.2 s");
        assertThat(endedAt.get()).isNotZero().isLessThanOrEqualTo(returnedAt);
    }

    @Test
    void anInterruptedCallerReturnsOnlyAfterItsActionsHaveEnded() throws Exception {
        AtomicLong endedAt = new AtomicLong();
        AtomicLong returnedAt = new AtomicLong();
        AtomicReference<NodeResults<String>> result = new AtomicReference<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread caller = new Thread(() -> {
            result.set(OnNodes.run(CLUSTER, List.of("n1", "n2"), Duration.ofSeconds(60),
                    node -> node.name().equals("n1") ? "quick" : slowToStop(endedAt)));
            returnedAt.set(System.nanoTime());
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        caller.start();
        Thread.sleep(300);
        caller.interrupt();
        caller.join(10_000);
        assertThat(caller.isAlive()).isFalse();
        assertThat(result.get().done()).isEqualTo(Map.of("n1", "quick"));
        assertThat(result.get().error()).isEqualTo("n2: interrupted");
        assertThat(endedAt.get()).isNotZero().isLessThanOrEqualTo(returnedAt.get());
        assertThat(stillInterrupted).isTrue();
    }

    @Test
    void unknownNodesAreFailuresToo() {
        NodeResults<String> r = OnNodes.run(CLUSTER, List.of("n1", "n9"), Duration.ofSeconds(5), node -> "ok");
        assertThat(r.done()).containsOnlyKeys("n1");
        assertThat(r.error()).startsWith("n9: no node named n9");
        assertThat(OnNodes.runAll(CLUSTER, Duration.ofSeconds(5), Node::name).allOk()).isTrue();
    }
}
