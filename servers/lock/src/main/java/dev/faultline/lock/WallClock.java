package dev.faultline.lock;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The wall clock as the lock server reads it: {@link System#currentTimeMillis()} plus an offset.
 * The offset is zero in production (under libfaketime the skew is already inside
 * {@code currentTimeMillis}); tests set it with {@code --debug-wall-clock-offset-ms} or
 * {@link #setOffsetMillis} to make the wall-clock-lease bug deterministic.
 */
final class WallClock {
    private final AtomicLong offsetMillis;

    WallClock(long offsetMillis) {
        this.offsetMillis = new AtomicLong(offsetMillis);
    }

    long millis() {
        return System.currentTimeMillis() + offsetMillis.get();
    }

    void setOffsetMillis(long offset) {
        offsetMillis.set(offset);
    }
}
