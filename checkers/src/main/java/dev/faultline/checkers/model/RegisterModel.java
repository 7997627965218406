package dev.faultline.checkers.model;

import dev.faultline.checkers.history.Op;
import java.util.List;
import java.util.Objects;

/**
 * A single register: {@code read}, {@code write v} and (for the cas-register) {@code cas [old new]}.
 * As in Knossos, a read whose value is nil does not constrain the register (Jepsen clients record
 * nil when they did not learn the value). The strict variants read nil as "the register is empty",
 * which is what Faultline's register workload records: there a read that learned nothing fails,
 * and an ok nil read of a key the cluster has already written is a stale read that must be caught.
 *
 * <p>States are value ids: every value the history mentions is numbered when its operations are
 * compiled, so the search compares longs.
 */
public final class RegisterModel implements Model {
    private final boolean cas;
    private final boolean nilReadMeansEmpty;

    private RegisterModel(boolean cas, boolean nilReadMeansEmpty) {
        this.cas = cas;
        this.nilReadMeansEmpty = nilReadMeansEmpty;
    }

    /** read and write; a nil read matches any state (Knossos). */
    public static RegisterModel register() {
        return new RegisterModel(false, false);
    }

    /** read, write and cas; a nil read matches any state (Knossos). */
    public static RegisterModel casRegister() {
        return new RegisterModel(true, false);
    }

    /** read and write; a nil read means the register holds nil. */
    public static RegisterModel strictRegister() {
        return new RegisterModel(false, true);
    }

    /** read, write and cas; a nil read means the register holds nil. */
    public static RegisterModel strictCasRegister() {
        return new RegisterModel(true, true);
    }

    @Override
    public String name() {
        return (cas ? "cas-register" : "register") + (nilReadMeansEmpty ? "-strict" : "");
    }

    @Override
    public Machine machine(Object initial) {
        return new ValueMachine(initial);
    }

    private final class ValueMachine implements Machine {
        private final Interner<Object> values = new Interner<>();

        ValueMachine(Object initial) {
            values.id(initial);
        }

        @Override
        public long init() {
            return 0;
        }

        @Override
        public Transition transition(Op invocation, Op completion) {
            switch (invocation.f()) {
                case "read": {
                    if (completion == null) return Transition.IDENTITY; // an indeterminate read learned nothing
                    Object seen = completion.value();
                    if (seen == null && !nilReadMeansEmpty) return Transition.IDENTITY;
                    long v = values.id(seen);
                    return Transition.guarded(v, v);
                }
                case "write": {
                    long v = values.id(invocation.value());
                    return Transition.constant(v);
                }
                case "cas": {
                    if (!cas) break;
                    if (!(invocation.value() instanceof List<?> pair) || pair.size() != 2)
                        throw new IllegalArgumentException("cas value must be [old new], found " + invocation.value());
                    long expect = values.id(pair.get(0));
                    long update = values.id(pair.get(1));
                    return Transition.guarded(expect, update);
                }
                default:
                    break;
            }
            throw new IllegalArgumentException("model " + name() + " has no operation '" + invocation.f() + "' (expected read, write"
                    + (cas ? ", cas)" : ")"));
        }

        @Override
        public String describe(long state) {
            return Objects.toString(values.value(state));
        }
    }
}
