package dev.faultline.checkers.model;

/**
 * What one operation does to a model state. States are longs so the search never boxes them:
 * models whose states fit in a long encode them directly, others intern them (see {@link ObjectModel}).
 */
@FunctionalInterface
public interface Transition {
    /** Returned by {@link #apply} when the operation cannot take effect in the given state. */
    long INCONSISTENT = Long.MIN_VALUE;

    /**
     * An operation that can take effect in every state without changing it (a read whose result
     * is unknown, or does not constrain). The checker drops such operations: they always linearize.
     */
    Transition IDENTITY = state -> state;

    /** The state after the operation, or {@link #INCONSISTENT}. */
    long apply(long state);
}
