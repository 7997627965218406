package dev.faultline.harness.spi;

import dev.faultline.checkers.Checker;
import dev.faultline.harness.generator.Generator;

/** What the clients do and how the result is judged. */
public interface Workload {
    String name();

    /** Client ops for the main phase; the runner bounds it by the time limit. */
    Generator generator(TestContext ctx);

    /** Ops run after every fault is healed and the cluster recovered (e.g. final reads), or null. */
    default Generator finalGenerator(TestContext ctx) {
        return null;
    }

    Checker checker(TestContext ctx);
}
