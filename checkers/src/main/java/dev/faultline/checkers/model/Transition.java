package dev.faultline.checkers.model;

/**
 * What one operation does to a model state. States are longs so the search never boxes them:
 * models whose states fit in a long encode them directly, others intern them (see {@link ObjectModel}).
 *
 * <p>A transition may also describe itself ({@link #guard}, {@link #target}, {@link #ignoresState});
 * the checker uses that to discard ops of unknown outcome that provably cannot matter. The
 * factories {@link #guarded} and {@link #constant} build such transitions.
 */
@FunctionalInterface
public interface Transition {
    /** Returned by {@link #apply} when the operation cannot take effect in the given state. */
    long INCONSISTENT = Long.MIN_VALUE;

    /** Returned by {@link #guard} and {@link #target} when no single state is promised. */
    long UNKNOWN = Long.MIN_VALUE + 1;

    /**
     * An operation that can take effect in every state without changing it (a read whose result
     * is unknown, or does not constrain). The checker drops such operations: they always linearize.
     */
    Transition IDENTITY = state -> state;

    /** The state after the operation, or {@link #INCONSISTENT}. */
    long apply(long state);

    /** The only state in which the operation can take effect, or {@link #UNKNOWN}. */
    default long guard() {
        return UNKNOWN;
    }

    /** The state the operation always leads to when it takes effect, or {@link #UNKNOWN}. */
    default long target() {
        return UNKNOWN;
    }

    /**
     * True if the operation never changes the state: wherever it takes effect, it leaves the state
     * as it found it (a read that returned a value). The checker linearizes such an op as soon as
     * it fits. Default: true for guarded transitions whose guard equals their target.
     */
    default boolean readOnly() {
        return guard() != UNKNOWN && guard() == target();
    }

    /** True if the operation takes effect in every state and always leads to {@link #target}. */
    default boolean ignoresState() {
        return false;
    }

    /** Takes effect only in state {@code guard}, leading to {@code target} (a cas; a read when both are equal). */
    static Transition guarded(long guard, long target) {
        return new Transition() {
            @Override
            public long apply(long state) {
                return state == guard ? target : INCONSISTENT;
            }

            @Override
            public long guard() {
                return guard;
            }

            @Override
            public long target() {
                return target;
            }
        };
    }

    /** Takes effect in every state, leading to {@code target} (a blind write). */
    static Transition constant(long target) {
        return new Transition() {
            @Override
            public long apply(long state) {
                return target;
            }

            @Override
            public long target() {
                return target;
            }

            @Override
            public boolean ignoresState() {
                return true;
            }
        };
    }
}
