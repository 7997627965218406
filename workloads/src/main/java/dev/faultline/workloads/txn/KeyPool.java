package dev.faultline.workloads.txn;

import java.util.random.RandomGenerator;

/**
 * The rotating key set: {@code keyCount} keys are in play at once; a key that has taken
 * {@code maxWritesPerKey} writes is retired and replaced by a fresh one. Keys get long histories
 * (many transactions read and write each) yet stay short enough to check. Every write gets a value
 * unique within its key (1, 2, 3, … per key), as the transactional checkers need.
 */
final class KeyPool {
    private final int maxWritesPerKey;
    private final long[] active;
    private final long[] writes;
    private long nextKey;

    KeyPool(int keyCount, int maxWritesPerKey) {
        this.maxWritesPerKey = maxWritesPerKey;
        this.active = new long[keyCount];
        this.writes = new long[keyCount];
        for (int i = 0; i < keyCount; i++) active[i] = nextKey++;
    }

    /** The slot of a random key in play (stable until that key takes a write that retires it). */
    synchronized int pick(RandomGenerator random) {
        return random.nextInt(active.length);
    }

    synchronized long key(int slot) {
        return active[slot];
    }

    /** A fresh value for the key in {@code slot}; retires the key if this was its last write. */
    synchronized long nextValue(int slot) {
        long value = ++writes[slot];
        if (writes[slot] >= maxWritesPerKey) {
            active[slot] = nextKey++;
            writes[slot] = 0;
        }
        return value;
    }

    /** Keys 0 .. keysUsed-1 have been handed out. */
    synchronized long keysUsed() {
        return nextKey;
    }
}
