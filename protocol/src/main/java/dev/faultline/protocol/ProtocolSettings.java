package dev.faultline.protocol;

import java.time.Duration;

/**
 * How the harness bounds a protocol client (docs/client-protocol.md).
 *
 * @param opTimeout    a reply later than this after the op was sent is not waited for: the op is
 *                     recorded {@code info} and the client process killed. Keep it below the run's
 *                     client timeout ({@link #within}), so the protocol client, not the interpreter,
 *                     times the op out and the child is killed rather than abandoned.
 * @param startTimeout how long a fresh client process has to answer the {@code init} message
 * @param stopGrace    after stdin is closed, how long a client process has to exit before SIGTERM, and
 *                     again before SIGKILL
 * @param maxLineBytes longest stdout line accepted; a longer one is a protocol violation
 */
public record ProtocolSettings(Duration opTimeout, Duration startTimeout, Duration stopGrace, int maxLineBytes) {
    public static final int DEFAULT_MAX_LINE_BYTES = 16 << 20;

    public ProtocolSettings {
        if (opTimeout.isNegative() || opTimeout.isZero()) throw new IllegalArgumentException("op timeout must be positive, was " + opTimeout);
        if (startTimeout.isNegative() || startTimeout.isZero()) throw new IllegalArgumentException("start timeout must be positive, was " + startTimeout);
        if (stopGrace.isNegative()) throw new IllegalArgumentException("stop grace must not be negative, was " + stopGrace);
        if (maxLineBytes < 1024) throw new IllegalArgumentException("max line bytes must be >= 1024, was " + maxLineBytes);
    }

    /** 5 s per op, 10 s to start, 1 s to stop, 16 MiB lines. */
    public static ProtocolSettings defaults() {
        return new ProtocolSettings(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(1), DEFAULT_MAX_LINE_BYTES);
    }

    /**
     * These settings with the op timeout at most 80% of the run's client timeout
     * ({@link dev.faultline.harness.spi.TestContext#clientTimeout}): the protocol client times out and
     * kills its child before the runner gives up on the op.
     */
    public ProtocolSettings within(Duration runClientTimeout) {
        Duration cap = runClientTimeout.multipliedBy(4).dividedBy(5);
        return cap.compareTo(opTimeout) < 0 ? withOpTimeout(cap) : this;
    }

    public ProtocolSettings withOpTimeout(Duration timeout) {
        return new ProtocolSettings(timeout, startTimeout, stopGrace, maxLineBytes);
    }

    public ProtocolSettings withStartTimeout(Duration timeout) {
        return new ProtocolSettings(opTimeout, timeout, stopGrace, maxLineBytes);
    }
}
