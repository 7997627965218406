package dev.faultline.harness.spi;

import dev.faultline.checkers.history.Op;

import java.util.Set;

/**
 * Injects faults. Receives nemesis invocations from its generator and returns an {@code info}
 * completion whose value says exactly what was done to which node.
 */
public interface Nemesis {
    /** The op functions this nemesis handles, e.g. "start-partition", "stop-partition". */
    Set<String> fs();

    default void setup(TestContext ctx) throws Exception {
    }

    Op invoke(TestContext ctx, Op invocation) throws Exception;

    /**
     * Undoes every fault this nemesis may have caused, on every node. Idempotent; called in the
     * final phase and from the crash/Ctrl-C shutdown path.
     */
    void heal(TestContext ctx) throws Exception;
}
