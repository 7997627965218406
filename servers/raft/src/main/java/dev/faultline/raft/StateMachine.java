package dev.faultline.raft;

/**
 * The replicated application. {@link #apply} is called on the Raft thread, in log order, exactly once
 * per committed command on every node (after a restart, entries after the last snapshot are applied
 * again on top of {@link #restore}). It must be deterministic and must not block.
 *
 * <p>Readers on other threads may look at the state concurrently with {@code apply}, so the
 * implementation must be safe for concurrent reads (e.g. a {@code ConcurrentHashMap}).
 */
public interface StateMachine {

    /**
     * Applies one committed command and returns its result, which completes the proposer's future
     * on the node that proposed it. Never null (return an empty array for "no result").
     */
    byte[] apply(long index, byte[] command);

    /** A serialised copy of the whole state, reflecting every command applied so far. */
    byte[] snapshot();

    /** Replaces the whole state with a snapshot produced by {@link #snapshot()} (on any node). */
    void restore(byte[] snapshot);
}
