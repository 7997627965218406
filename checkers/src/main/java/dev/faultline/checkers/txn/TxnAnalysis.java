package dev.faultline.checkers.txn;

import java.util.List;

/**
 * What a workload's analysis learns from a history: the anomalies visible without a cycle, the
 * data dependency edges (ww, wr, rw) between transactions, and how to say in words why an edge
 * exists.
 */
interface TxnAnalysis {
    /** Anomalies found directly (aborted and intermediate reads, internal inconsistencies, ...). */
    List<Anomaly> anomalies();

    /** Adds the ww, wr and rw edges that can be soundly inferred. */
    void addEdges(DependencyGraph.Builder graph);

    /** Why the edge of this single type from {@code from} to {@code to} exists, as a clause: "T5 observed T3's append of 2 to key x". */
    String explain(int from, int to, int type);

    /**
     * Whether {@code reader}'s external read of {@code key} is known to have observed a version
     * older than {@code writer}'s final write of it (so the read missed that write).
     */
    boolean readMisses(int reader, Object key, int writer);

    /**
     * The first of {@code writer}'s {@link #writtenKeys} whose final write {@code reader}'s read
     * missed ({@link #readMisses}), or null if there is none: the evidence of a fractured read.
     */
    default Object missedWrite(int writer, int reader) {
        for (Object key : writtenKeys(writer)) if (readMisses(reader, key, writer)) return key;
        return null;
    }

    /** The keys {@code txn} wrote, in order of first write (committed versions only: its final write of each). */
    java.util.Collection<Object> writtenKeys(int txn);

    /** {@code reader}'s external read of {@code key} as a phrase ("read key x = [1 2]"), or null if there is none. */
    String readText(int reader, Object key);

    /** {@code writer}'s final write of {@code key} as a phrase ("append of 3 to key x"). */
    String writeText(int writer, Object key);
}
