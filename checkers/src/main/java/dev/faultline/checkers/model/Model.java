package dev.faultline.checkers.model;

/**
 * A sequential specification: what a single-copy object does, operation by operation. The
 * linearizability checker asks whether a concurrent history could have come from it.
 *
 * <p>Implement {@link ObjectModel} for a model with any immutable state type; implement this
 * interface directly (with long-encoded states) when speed matters.
 */
public interface Model {
    /** The name used on the command line and in results, e.g. "cas-register". */
    String name();

    /**
     * A machine for one history or one key of it.
     *
     * @param initial the user-given initial state as a JSON-shaped value (see
     *     {@link dev.faultline.checkers.history.Op}), or null for the model's default
     * @throws IllegalArgumentException if {@code initial} does not suit the model
     */
    Machine machine(Object initial);
}
