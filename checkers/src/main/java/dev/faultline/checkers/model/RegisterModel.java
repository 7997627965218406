package dev.faultline.checkers.model;

import dev.faultline.checkers.history.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A single register: {@code read}, {@code write v} and (for the cas-register) {@code cas [old new]}.
 * As in Knossos, a read whose value is nil does not constrain the register (Jepsen clients record
 * nil when they did not learn the value); use the {@link KvModel} where nil means "absent".
 *
 * <p>States are value ids: every value the history mentions is numbered when its operations are
 * compiled, so the search compares longs.
 */
public final class RegisterModel implements Model {
    private final boolean cas;

    private RegisterModel(boolean cas) {
        this.cas = cas;
    }

    /** read and write. */
    public static RegisterModel register() {
        return new RegisterModel(false);
    }

    /** read, write and cas. */
    public static RegisterModel casRegister() {
        return new RegisterModel(true);
    }

    @Override
    public String name() {
        return cas ? "cas-register" : "register";
    }

    @Override
    public Machine machine(Object initial) {
        return new ValueMachine(initial);
    }

    private final class ValueMachine implements Machine {
        private final List<Object> values = new ArrayList<>();
        private final Map<Object, Long> ids = new HashMap<>();

        ValueMachine(Object initial) {
            id(initial);
        }

        private long id(Object value) {
            Long id = ids.get(value);
            if (id != null) return id;
            long next = values.size();
            values.add(value);
            ids.put(value, next);
            return next;
        }

        @Override
        public long init() {
            return 0;
        }

        @Override
        public Transition transition(Op invocation, Op completion) {
            switch (invocation.f()) {
                case "read": {
                    Object seen = completion == null ? null : completion.value();
                    if (seen == null) return Transition.IDENTITY;
                    long v = id(seen);
                    return Transition.guarded(v, v);
                }
                case "write": {
                    long v = id(invocation.value());
                    return Transition.constant(v);
                }
                case "cas": {
                    if (!cas) break;
                    if (!(invocation.value() instanceof List<?> pair) || pair.size() != 2)
                        throw new IllegalArgumentException("cas value must be [old new], found " + invocation.value());
                    long expect = id(pair.get(0));
                    long update = id(pair.get(1));
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
            return Objects.toString(values.get((int) state));
        }
    }
}
