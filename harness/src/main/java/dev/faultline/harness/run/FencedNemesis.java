package dev.faultline.harness.run;

import dev.faultline.checkers.history.Op;
import dev.faultline.harness.spi.Nemesis;
import dev.faultline.harness.spi.TestContext;

import java.util.Set;

/**
 * A nemesis whose final heal cannot be overtaken: ops run one at a time under a lock, and
 * {@link #closeAndHeal} first refuses new ops, then waits for the op in flight (an abandoned one
 * included: its remote commands are bounded) before healing. So no fault lands after the heal.
 */
public final class FencedNemesis implements Nemesis {
    private final Nemesis inner;
    private final Object lock = new Object();
    private volatile boolean closed;

    public FencedNemesis(Nemesis inner) {
        this.inner = inner;
    }

    @Override
    public Set<String> fs() {
        return inner.fs();
    }

    @Override
    public void setup(TestContext ctx) throws Exception {
        synchronized (lock) {
            inner.setup(ctx);
        }
    }

    @Override
    public Op invoke(TestContext ctx, Op invocation) throws Exception {
        if (closed) return refused(invocation);
        synchronized (lock) {
            if (closed) return refused(invocation);
            return inner.invoke(ctx, invocation);
        }
    }

    /** Heals without closing (idempotent; the fence stays open). */
    @Override
    public void heal(TestContext ctx) throws Exception {
        synchronized (lock) {
            inner.heal(ctx);
        }
    }

    /** Refuses every later op, waits for the one in flight, then heals. */
    public void closeAndHeal(TestContext ctx) throws Exception {
        closed = true;
        synchronized (lock) {
            inner.heal(ctx);
        }
    }

    private static Op refused(Op invocation) {
        return invocation.info("refused: the nemesis was closed for the final heal");
    }
}
