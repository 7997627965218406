package dev.faultline.checkers.model;

import dev.faultline.checkers.history.Op;

/**
 * A model instantiated for one history (or one key of it). Not thread-safe: the checker creates
 * one machine per key and uses it from one thread.
 */
public interface Machine {
    /** The initial state. */
    long init();

    /**
     * Compiles one operation. Called once per operation before the search, so it may do the
     * expensive work (decoding values, interning) that {@link Transition#apply} must not.
     *
     * @param invocation the invocation
     * @param completion the {@code ok} completion, or null when the outcome is unknown ({@code info},
     *     or never completed): the operation may have taken effect with an unknown result
     * @throws IllegalArgumentException if the model does not know the operation; the message says why
     */
    Transition transition(Op invocation, Op completion);

    /** A human-readable rendering of a state, for counterexamples. */
    String describe(long state);
}
