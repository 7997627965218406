package dev.faultline.harness.run;

import dev.faultline.checkers.history.Op;
import dev.faultline.harness.spi.Nemesis;
import dev.faultline.harness.spi.TestContext;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fence between a nemesis's fault ops and its final heal. Invocations run one at a time under a
 * lock; {@link #closeAndHeal} first refuses every later invocation, then waits for the one in flight
 * to return, and only then heals. So a fault op that the interpreter gave up on (it timed out and was
 * replaced by a fresh worker) cannot land after the heal: its remote commands end within their own
 * timeouts ({@link dev.faultline.harness.control.Remote#exec}), the op returns, and the heal runs
 * after it.
 *
 * <p>The runner wraps the run's nemesis once, gives the wrapper to the nemesis worker, and at the
 * end of the fault phase calls {@code closeAndHeal} instead of {@code heal}. Closing is one-way.
 */
public final class FencedNemesis implements Nemesis {
    /** The info error of an invocation that arrives after {@link #closeAndHeal}. */
    public static final String REFUSED = "refused: the nemesis was closed for the final heal";

    private final Nemesis inner;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean closed;

    public FencedNemesis(Nemesis inner) {
        this.inner = inner;
    }

    public Nemesis inner() {
        return inner;
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public Set<String> fs() {
        return inner.fs();
    }

    @Override
    public void setup(TestContext ctx) throws Exception {
        lock.lockInterruptibly();
        try {
            inner.setup(ctx);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs the invocation unless the fence is closed (then it completes as info {@value #REFUSED}).
     * Waits for an earlier invocation still in flight (an abandoned one); an interrupted wait
     * completes as info too, having done nothing.
     */
    @Override
    public Op invoke(TestContext ctx, Op invocation) throws Exception {
        if (closed) return invocation.info(REFUSED);
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return invocation.info("interrupted while waiting for the previous nemesis op to end: nothing done");
        }
        try {
            if (closed) return invocation.info(REFUSED);
            return inner.invoke(ctx, invocation);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The last-resort heal (crash and Ctrl-C paths): heals at once, without closing the fence or
     * waiting for an op in flight. Prefer {@link #closeAndHeal} at the end of a run.
     */
    @Override
    public void heal(TestContext ctx) throws Exception {
        inner.heal(ctx);
    }

    /**
     * Closes the fence (later invocations are refused), waits up to {@code inFlightLimit} for the
     * invocation in flight to return, then heals. When the in-flight op did not return in time it
     * still heals, then throws {@link InFlightException}: a fault of that op may land after the
     * heal, so the final phase is not fault-free.
     */
    public void closeAndHeal(TestContext ctx, Duration inFlightLimit) throws Exception {
        closed = true;
        boolean fenced = false;
        boolean interrupted = false;
        try {
            fenced = lock.tryLock(inFlightLimit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
        }
        try {
            inner.heal(ctx);
        } finally {
            if (fenced) lock.unlock();
            if (interrupted) Thread.currentThread().interrupt();
        }
        if (!fenced) {
            throw new InFlightException("healed, but a nemesis op was still in flight "
                    + (interrupted ? "when the wait was interrupted" : "after " + inFlightLimit.toSeconds() + " s")
                    + ": a fault of it may land after the heal");
        }
    }

    /** The heal ran while a fault op was still in flight. */
    public static final class InFlightException extends Exception {
        InFlightException(String message) {
            super(message);
        }
    }
}
