package dev.faultline.checkers.model;

import dev.faultline.checkers.history.Op;

/**
 * A model over immutable state objects with value equality. The checker sees each distinct state
 * as a small integer id: states are interned once, and each operation remembers its last
 * (state, result) pair, so a state's {@code equals}/{@code hashCode} run only when a new
 * combination is explored.
 *
 * @param <S> the state type; instances must be immutable, non-null and implement equals/hashCode
 */
public abstract class ObjectModel<S> implements Model {
    /** The initial state for the user-given {@code initial} value (null: the model's default). */
    protected abstract S init(Object initial);

    /**
     * The state after the operation, or null if the operation cannot take effect in {@code state}.
     *
     * @param completion the {@code ok} completion, or null if the outcome is unknown
     * @throws IllegalArgumentException if the model does not know the operation
     */
    protected abstract S step(S state, Op invocation, Op completion);

    /**
     * True if the operation can take effect in any state without changing it, so it never
     * constrains a linearization (typically a read whose result is unknown). Default: false.
     */
    protected boolean unconstrained(Op invocation, Op completion) {
        return false;
    }

    /**
     * True if the operation never changes the state wherever it takes effect (a read that returned
     * a value); the checker then linearizes it as soon as it fits. Default: false, which is always safe.
     */
    protected boolean readOnly(Op invocation, Op completion) {
        return false;
    }

    protected String describe(S state) {
        return String.valueOf(state);
    }

    /** Checks that the operation is one the model knows, before the search starts. Default: nothing. */
    protected void validate(Op invocation, Op completion) {}

    @Override
    public final Machine machine(Object initial) {
        return new Interning(init(initial));
    }

    private final class Interning implements Machine {
        private final Interner<S> states = new Interner<>();
        private final long initial;

        Interning(S init) {
            if (init == null) throw new IllegalArgumentException(name() + ": initial state must not be null");
            initial = states.id(init);
        }

        @Override
        public long init() {
            return initial;
        }

        @Override
        public Transition transition(Op invocation, Op completion) {
            validate(invocation, completion);
            if (unconstrained(invocation, completion)) return Transition.IDENTITY;
            boolean readOnly = readOnly(invocation, completion);
            return new Transition() {
                private long lastIn = -1;
                private long lastOut;

                @Override
                public long apply(long state) {
                    if (state == lastIn) return lastOut;
                    S next = step(states.value(state), invocation, completion);
                    long out = next == null ? INCONSISTENT : states.id(next);
                    lastIn = state;
                    lastOut = out;
                    return out;
                }

                @Override
                public boolean readOnly() {
                    return readOnly;
                }
            };
        }

        @Override
        public String describe(long state) {
            return ObjectModel.this.describe(states.value(state));
        }
    }
}
