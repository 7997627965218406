package dev.faultline.checkers.linearizable;

/**
 * The set of configurations the search has visited: (set of linearized ops, model state).
 *
 * <p>The set of linearized ops is kept as a 128-bit Zobrist fingerprint (the XOR of two random
 * 64-bit words per op, updated in O(1) as ops are linearized and undone), so an entry is 24 bytes
 * whatever the history's length. The model state is stored exactly. Two different op sets share a
 * fingerprint with probability about 2^-127 per pair, i.e. below 10^-24 for the 10^7 entries a
 * search can hold: far below the odds of a hardware fault, and the same trade TLC makes with its
 * state fingerprints. Open addressing over three parallel arrays; no allocation per entry.
 */
final class StateCache {
    private static final int INITIAL_CAPACITY = 1 << 10;

    /** Slots of three longs (set fingerprint word 1, word 2 with its low bit set, state): one cache line per probe. */
    private long[] table;
    private int mask;
    private int size;
    private int growAt;

    StateCache() {
        allocate(INITIAL_CAPACITY);
    }

    private void allocate(int capacity) {
        table = new long[3 * capacity];
        mask = capacity - 1;
        growAt = (int) (capacity * 0.7);
    }

    int size() {
        return size;
    }

    /** Adds the configuration; returns false if it was already present. */
    boolean add(long set1, long set2, long state) {
        long tagged = set2 | 1; // 0 marks an empty slot
        long[] t = table;
        int i = slot(set1, tagged, state);
        while (t[3 * i + 1] != 0) {
            if (t[3 * i + 1] == tagged && t[3 * i] == set1 && t[3 * i + 2] == state) return false;
            i = (i + 1) & mask;
        }
        t[3 * i] = set1;
        t[3 * i + 1] = tagged;
        t[3 * i + 2] = state;
        if (++size > growAt) grow();
        return true;
    }

    private int slot(long set1, long tagged, long state) {
        long h = set1 ^ Long.rotateLeft(tagged, 21) ^ (state * 0x9E3779B97F4A7C15L);
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        return (int) h & mask;
    }

    private void grow() {
        long[] old = table;
        allocate(2 * (mask + 1));
        long[] t = table;
        for (int j = 0; j < old.length; j += 3) {
            if (old[j + 1] == 0) continue;
            int i = slot(old[j], old[j + 1], old[j + 2]);
            while (t[3 * i + 1] != 0) i = (i + 1) & mask;
            t[3 * i] = old[j];
            t[3 * i + 1] = old[j + 1];
            t[3 * i + 2] = old[j + 2];
        }
    }
}
