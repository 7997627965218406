package dev.faultline.checkers.linearizable;

import java.time.Duration;

/**
 * Limits on a linearizability check; when one runs out the verdict is unknown and names it.
 *
 * @param timeLimit wall-clock time for the whole check
 * @param maxStates configurations held in memory at once, over all keys being checked (see
 *     {@link #PEAK_BYTES_PER_STATE})
 * @param afterInvalid once one key is not linearizable the verdict is decided: the keys still being
 *     checked get this much more time, for the report's sake, and are then left undecided; null
 *     checks every key fully
 */
public record Budget(Duration timeLimit, long maxStates, Duration afterInvalid) {
    /** How long the remaining keys get once the verdict is invalid, unless told otherwise. */
    public static final Duration AFTER_INVALID = Duration.ofSeconds(1);

    /**
     * Heap per configuration at worst: a 24-byte slot in a table kept at most 70% full, while the
     * table doubles (old and new tables live at once).
     */
    public static final long PEAK_BYTES_PER_STATE = 104;

    /** The state limit with no heap to fit in: 50 million configurations. */
    public static final long MAX_STATES = 50_000_000L;

    /** Five minutes, and as many states as fit in half of this JVM's heap. */
    public static final Budget DEFAULT = new Budget(Duration.ofMinutes(5), statesFittingInHeap());

    public Budget {
        if (timeLimit == null || timeLimit.isNegative() || timeLimit.isZero()) throw new IllegalArgumentException("time limit must be positive");
        if (maxStates <= 0) throw new IllegalArgumentException("state limit must be positive");
        if (afterInvalid != null && afterInvalid.isNegative()) throw new IllegalArgumentException("time after an invalid key must not be negative");
    }

    /** Stops {@link #AFTER_INVALID} after the first key found not linearizable. */
    public Budget(Duration timeLimit, long maxStates) {
        this(timeLimit, maxStates, AFTER_INVALID);
    }

    /** The same limits, checking every key fully even once the verdict is decided. */
    public Budget checkingEveryKey() {
        return new Budget(timeLimit, maxStates, null);
    }

    /**
     * As many configurations as fit in half of the JVM's maximum heap (the rest is the history and
     * everything else), capped at {@link #MAX_STATES}: a search that would need more ends unknown
     * ("state limit ran out") instead of failing with an OutOfMemoryError.
     */
    public static long statesFittingInHeap() {
        return Math.max(1, Math.min(MAX_STATES, Runtime.getRuntime().maxMemory() / 2 / PEAK_BYTES_PER_STATE));
    }
}
