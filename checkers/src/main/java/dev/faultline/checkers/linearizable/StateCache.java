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

    private long[] sets1;
    private long[] sets2; // 0 marks an empty slot: stored values have their low bit set
    private long[] states;
    private int mask;
    private int size;
    private int growAt;

    StateCache() {
        allocate(INITIAL_CAPACITY);
    }

    private void allocate(int capacity) {
        sets1 = new long[capacity];
        sets2 = new long[capacity];
        states = new long[capacity];
        mask = capacity - 1;
        growAt = (int) (capacity * 0.7);
    }

    int size() {
        return size;
    }

    /** Adds the configuration; returns false if it was already present. */
    boolean add(long set1, long set2, long state) {
        long tagged = set2 | 1;
        int i = slot(set1, tagged, state);
        while (sets2[i] != 0) {
            if (sets2[i] == tagged && sets1[i] == set1 && states[i] == state) return false;
            i = (i + 1) & mask;
        }
        sets1[i] = set1;
        sets2[i] = tagged;
        states[i] = state;
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
        long[] o1 = sets1, o2 = sets2, os = states;
        allocate(o1.length * 2);
        for (int j = 0; j < o1.length; j++) {
            if (o2[j] == 0) continue;
            int i = slot(o1[j], o2[j], os[j]);
            while (sets2[i] != 0) i = (i + 1) & mask;
            sets1[i] = o1[j];
            sets2[i] = o2[j];
            states[i] = os[j];
        }
    }
}
