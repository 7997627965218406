package dev.faultline.workloads.lock;

import dev.faultline.checkers.Checker;
import dev.faultline.checkers.lock.LockChecker;
import dev.faultline.harness.generator.Generator;
import dev.faultline.harness.generator.Generators;
import dev.faultline.harness.spi.TestContext;
import dev.faultline.harness.spi.Workload;

/**
 * Clients contend for a few leased locks and write to a fenced resource while they believe they
 * hold them (see {@link LockCycle}); checked for mutual exclusion and fencing, or fencing alone with
 * {@code lock.checks=fencing} ({@link LockChecker}).
 * Op schema: {@link dev.faultline.checkers.lock.LockOps}.
 */
public final class LockWorkload implements Workload {
    private final LockWorkloadOptions options;

    public LockWorkload(LockWorkloadOptions options) {
        this.options = options;
    }

    public LockWorkloadOptions options() {
        return options;
    }

    @Override
    public String name() {
        return "lock";
    }

    /** Every client thread runs its own acquire / write / release cycle. */
    public Generator generator() {
        return Generators.clients(Generators.eachThread(LockCycle.start(options)));
    }

    @Override
    public Generator generator(TestContext ctx) {
        return generator();
    }

    @Override
    public Checker checker(TestContext ctx) {
        return options.checks().equals(LockWorkloadOptions.CHECK_FENCING) ? LockChecker.fencingOnly() : new LockChecker();
    }
}
