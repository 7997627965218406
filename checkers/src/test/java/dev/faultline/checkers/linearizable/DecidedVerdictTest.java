package dev.faultline.checkers.linearizable;

import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.Op;
import dev.faultline.checkers.history.OpType;
import dev.faultline.checkers.model.Machine;
import dev.faultline.checkers.model.Model;
import dev.faultline.checkers.model.Models;
import dev.faultline.checkers.model.Transition;
import dev.faultline.checkers.result.CheckResult;
import dev.faultline.checkers.result.Validity;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Once one key is not linearizable the verdict is decided; the other keys get only a bounded, stated budget. */
class DecidedVerdictTest {
    /** Key "a": a stale read (invalid at once). Key "big": a long valid sequential history whose search waits until "a" has been searched. */
    private static History history(int bigOps) {
        List<Op> ops = new ArrayList<>();
        ops.add(new Op(-1, -1, 0, OpType.INVOKE, "write", "a", 1L, null));
        ops.add(new Op(-1, -1, 0, OpType.OK, "write", "a", 1L, null));
        ops.add(new Op(-1, -1, 0, OpType.INVOKE, "read", "a", null, null));
        ops.add(new Op(-1, -1, 0, OpType.OK, "read", "a", 2L, null));
        for (int i = 0; i < bigOps; i++) {
            long v = i % 5;
            ops.add(new Op(-1, -1, 1, OpType.INVOKE, "write", "big", v, null));
            ops.add(new Op(-1, -1, 1, OpType.OK, "write", "big", v, null));
        }
        return History.of(ops);
    }

    /** A register whose transitions of key "big" first wait until a transition of key "a" was applied, then a moment more. */
    private static Model slowToStart(AtomicInteger aApplied) {
        Model register = Models.byName("register");
        return new Model() {
            @Override
            public String name() {
                return "register";
            }

            @Override
            public Machine machine(Object initial) {
                Machine inner = register.machine(initial);
                return new Machine() {
                    @Override
                    public long init() {
                        return inner.init();
                    }

                    @Override
                    public Transition transition(Op invocation, Op completion) {
                        Transition t = inner.transition(invocation, completion);
                        if (!"big".equals(invocation.key())) {
                            return state -> {
                                aApplied.incrementAndGet();
                                return t.apply(state);
                            };
                        }
                        return state -> {
                            while (aApplied.get() == 0) Thread.onSpinWait();
                            return t.apply(state);
                        };
                    }

                    @Override
                    public String describe(long state) {
                        return inner.describe(state);
                    }
                };
            }
        };
    }

    @Test
    void theOtherKeysAreLeftUndecidedOnceOneKeyIsInvalid() {
        CheckResult r = new LinearizabilityChecker(slowToStart(new AtomicInteger()), null,
                new Budget(Duration.ofMinutes(5), 10_000_000, Duration.ZERO), 2).check(history(200_000));
        assertThat(r.validity()).isEqualTo(Validity.INVALID);
        assertThat(r.summary()).contains("key a: not linearizable").contains("1 key left undecided once the verdict was invalid");
        assertThat(r.children()).extracting(CheckResult::summary)
                .anySatisfy(s -> assertThat(s).startsWith("key big: not decided: another key was already not linearizable"));
    }

    @Test
    void everyKeyIsCheckedFullyOnRequest() {
        CheckResult r = new LinearizabilityChecker(slowToStart(new AtomicInteger()), null,
                new Budget(Duration.ofMinutes(5), 10_000_000).checkingEveryKey(), 2).check(history(200_000));
        assertThat(r.validity()).isEqualTo(Validity.INVALID);
        assertThat(r.summary()).contains("1 of 2 keys not linearizable").doesNotContain("undecided");
        assertThat(r.children()).hasSize(1);
    }
}
