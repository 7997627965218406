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

    /**
     * Called once before the first op: removes what this nemesis's own faults may have left on the
     * nodes from an earlier run that was killed before it could heal (its iptables chain, its
     * qdiscs, a clock offset, a running strobe), so every run starts without yesterday's faults.
     * Touches only what this nemesis adds; never the node's other rules, qdiscs or processes.
     * Throws (naming the nodes) if it could not reset some node.
     */
    default void setup(TestContext ctx) throws Exception {
    }

    Op invoke(TestContext ctx, Op invocation) throws Exception;

    /**
     * Undoes every fault this nemesis may have caused, on every node, whatever the history says.
     * Idempotent, and the last resort: called at the end of the fault phase and from the crash /
     * Ctrl-C shutdown path, with no blunter reset after it. So it removes exactly what this nemesis
     * adds and nothing else (never a whole iptables table, never a qdisc it did not install).
     * Throws (naming the nodes) if it could not heal some node.
     */
    void heal(TestContext ctx) throws Exception;
}
