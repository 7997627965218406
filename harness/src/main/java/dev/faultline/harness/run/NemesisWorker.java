package dev.faultline.harness.run;

import dev.faultline.checkers.history.Op;
import dev.faultline.harness.spi.Nemesis;
import dev.faultline.harness.spi.TestContext;

/** Drives the nemesis thread. A failing fault is recorded as info with the reason. */
final class NemesisWorker implements Worker {
    private final TestContext ctx;
    private final Nemesis nemesis;

    NemesisWorker(TestContext ctx, Nemesis nemesis) {
        this.ctx = ctx;
        this.nemesis = nemesis;
    }

    @Override
    public Op invoke(Op invocation) {
        try {
            return Completions.check(invocation, nemesis.invoke(ctx, invocation));
        } catch (Throwable e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            return invocation.info("nemesis-failed: " + ClientWorker.describe(e));
        }
    }

    @Override
    public void close() {
    }
}
