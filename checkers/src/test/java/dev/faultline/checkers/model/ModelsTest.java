package dev.faultline.checkers.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faultline.checkers.history.Op;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelsTest {
    private static final long BAD = Transition.INCONSISTENT;

    /** Steps a machine through ops given as (f, invocation value, ok value); returns the state after each or BAD. */
    private static final class Run {
        final Machine m;
        long state;

        Run(String model, Object initial) {
            m = Models.byName(model).machine(initial);
            state = m.init();
        }

        /** Applies an ok op; returns whether it fit (the state is kept when it does not). */
        boolean ok(String f, Object arg, Object result) {
            return apply(f, arg, Op.invoke(0, f, null, arg).ok(result));
        }

        /** Applies an op whose outcome is unknown. */
        boolean unknown(String f, Object arg) {
            return apply(f, arg, null);
        }

        private boolean apply(String f, Object arg, Op completion) {
            long next = m.transition(Op.invoke(0, f, null, arg), completion).apply(state);
            if (next == BAD) return false;
            state = next;
            return true;
        }

        String state() {
            return m.describe(state);
        }
    }

    @Test
    void casRegister() {
        Run r = new Run("cas-register", 0L);
        assertThat(r.ok("read", null, 0L)).isTrue();
        assertThat(r.ok("read", null, 1L)).isFalse();
        assertThat(r.ok("write", 1L, 1L)).isTrue();
        assertThat(r.ok("cas", List.of(0L, 2L), List.of(0L, 2L))).isFalse();
        assertThat(r.ok("cas", List.of(1L, 2L), List.of(1L, 2L))).isTrue();
        assertThat(r.state()).isEqualTo("2");
        assertThat(r.ok("read", null, null)).as("a nil read does not constrain (Knossos)").isTrue();
        assertThat(r.m.transition(Op.invoke(0, "read", null, null), null)).isSameAs(Transition.IDENTITY);
        assertThat(r.unknown("write", 5L)).isTrue();
        assertThat(r.state()).isEqualTo("5");
        assertThatThrownBy(() -> r.ok("cas", 3L, 3L)).hasMessageContaining("cas value must be [old new]");
        assertThatThrownBy(() -> r.ok("incr", 1L, 1L)).hasMessageContaining("no operation 'incr'");
    }

    @Test
    void strictCasRegisterReadsNilAsEmpty() {
        Run r = new Run("cas-register-strict", null);
        assertThat(r.ok("read", null, null)).as("nil is the empty register's value").isTrue();
        assertThat(r.ok("write", 1L, 1L)).isTrue();
        assertThat(r.ok("read", null, null)).as("a nil read after a write is stale").isFalse();
        assertThat(r.ok("read", null, 1L)).isTrue();
        assertThat(r.m.transition(Op.invoke(0, "read", null, null), null)).as("an indeterminate read").isSameAs(Transition.IDENTITY);
        assertThat(r.m.transition(Op.invoke(0, "read", null, null), Op.invoke(0, "read", null, null).ok(null)))
                .isNotSameAs(Transition.IDENTITY);
        assertThat(Models.byName("register-strict").name()).isEqualTo("register-strict");
    }

    @Test
    void plainRegisterHasNoCas() {
        Run r = new Run("register", null);
        assertThat(r.state()).isEqualTo("null");
        assertThat(r.ok("write", "a", "a")).isTrue();
        assertThat(r.ok("read", null, "a")).isTrue();
        assertThatThrownBy(() -> r.ok("cas", List.of("a", "b"), null)).hasMessageContaining("expected read, write)");
    }

    @Test
    void registerTransitionsDescribeThemselves() {
        Machine m = Models.byName("cas-register").machine(0L);
        Transition w = m.transition(Op.invoke(0, "write", null, 3L), null);
        assertThat(w.ignoresState()).isTrue();
        Transition cas = m.transition(Op.invoke(0, "cas", null, List.of(0L, 3L)), null);
        assertThat(cas.guard()).isEqualTo(m.init());
        assertThat(cas.target()).isEqualTo(w.target());
        assertThat(cas.ignoresState()).isFalse();
    }

    @Test
    void mutex() {
        Run r = new Run("mutex", null);
        assertThat(r.ok("release", null, null)).isFalse();
        assertThat(r.ok("acquire", null, null)).isTrue();
        assertThat(r.state()).isEqualTo("held");
        assertThat(r.ok("acquire", null, null)).isFalse();
        assertThat(r.ok("release", null, null)).isTrue();
        assertThat(r.state()).isEqualTo("free");
        assertThatThrownBy(() -> new Run("mutex", 3L)).hasMessageContaining("mutex initial state");
    }

    @Test
    void kvTreatsNilAsAbsent() {
        Run r = new Run("kv", null);
        assertThat(r.ok("get", null, null)).isTrue();
        assertThat(r.ok("put", 1L, 1L)).isTrue();
        assertThat(r.ok("get", null, null)).as("absent is a real observation in kv").isFalse();
        assertThat(r.ok("read", null, 1L)).isTrue();
        assertThat(r.ok("cas", Arrays.asList(null, 2L), null)).isFalse();
        assertThat(r.state()).isEqualTo("1");
        assertThat(r.ok("cas", List.of(1L, 2L), null)).isTrue();
        assertThat(r.ok("append", "x", null)).as("cannot append to a number").isFalse();
        assertThat(r.ok("put", "ab", null)).isTrue();
        assertThat(r.ok("append", "c", null)).isTrue();
        assertThat(r.ok("get", null, "abc")).isTrue();
        assertThat(r.unknown("get", null)).isTrue();
        assertThatThrownBy(() -> r.ok("append", 1L, null)).hasMessageContaining("append value must be a string");
        assertThatThrownBy(() -> r.ok("delete", null, null)).hasMessageContaining("no operation 'delete'");
    }

    @Test
    void set() {
        Run r = new Run("set", null);
        assertThat(r.ok("read", null, List.of())).isTrue();
        assertThat(r.ok("add", 1L, null)).isTrue();
        assertThat(r.ok("add", 2L, null)).isTrue();
        assertThat(r.ok("read", null, List.of(2L, 1L))).isTrue();
        assertThat(r.ok("read", null, List.of(1L))).isFalse();
        assertThat(r.ok("read", null, List.of(1L, 2L, 3L))).isFalse();
        assertThat(r.state()).isEqualTo("[1, 2]");
        assertThatThrownBy(() -> r.ok("read", null, 1L)).hasMessageContaining("set read must return a list");
    }

    @Test
    void fifoQueue() {
        Run r = new Run("fifo-queue", null);
        assertThat(r.ok("dequeue", null, null)).as("empty queue dequeues nil").isTrue();
        assertThat(r.ok("enqueue", 1L, null)).isTrue();
        assertThat(r.ok("enqueue", 2L, null)).isTrue();
        assertThat(r.ok("dequeue", null, 2L)).isFalse();
        assertThat(r.ok("dequeue", null, 1L)).isTrue();
        assertThat(r.unknown("dequeue", null)).as("an unknown dequeue may remove the head").isTrue();
        assertThat(r.state()).isEqualTo("[]");
        assertThat(r.ok("dequeue", null, 2L)).isFalse();
    }

    @Test
    void multiRegisterFollowsKnossos() {
        Run r = new Run("multi-register", Map.of("x", 0L, "y", 0L));
        List<Object> read = List.of(Arrays.asList("read", "x", null), Arrays.asList("read", "y", null));
        assertThat(r.ok("txn", read, List.of(List.of("read", "x", 0L), List.of("read", "y", 0L)))).isTrue();
        assertThat(r.ok("txn", List.of(List.of("write", "x", 1L)), List.of(List.of("write", "x", 1L)))).isTrue();
        assertThat(r.ok("txn", read, List.of(List.of("read", "x", 0L), List.of("read", "y", 0L)))).isFalse();
        assertThat(r.ok("txn", read, List.of(List.of("read", "x", 1L), Arrays.asList("read", "y", null)))).isTrue();
        assertThat(r.state()).isEqualTo("{x=1, y=0}");
        assertThatThrownBy(() -> r.ok("txn", List.of(List.of("incr", "x", 1L)), null)).hasMessageContaining("micro-op must be");
    }

    @Test
    void unknownModelNamesTheKnownOnes() {
        assertThatThrownBy(() -> Models.byName("queue")).hasMessageContaining("unknown model 'queue'")
                .hasMessageContaining("cas-register");
        assertThat(Models.names()).contains("register", "cas-register", "multi-register", "mutex", "kv", "set", "fifo-queue");
    }
}
