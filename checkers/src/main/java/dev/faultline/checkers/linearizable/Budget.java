package dev.faultline.checkers.linearizable;

import java.time.Duration;

/**
 * Limits on a linearizability check; when one runs out the verdict is unknown and names it.
 *
 * @param timeLimit wall-clock time for the whole check
 * @param maxStates configurations held in memory at once, over all keys being checked (each costs
 *     about 32 bytes of heap)
 */
public record Budget(Duration timeLimit, long maxStates) {
    public static final Budget DEFAULT = new Budget(Duration.ofMinutes(5), 50_000_000L);

    public Budget {
        if (timeLimit == null || timeLimit.isNegative() || timeLimit.isZero()) throw new IllegalArgumentException("time limit must be positive");
        if (maxStates <= 0) throw new IllegalArgumentException("state limit must be positive");
    }
}
