package dev.faultline.harness.spi;

import dev.faultline.harness.control.Node;

import java.util.List;

/**
 * Installs and removes the system under test on one node: what every target must do. What a
 * target can additionally suffer or tell is an optional ability it implements alongside:
 * {@link Killable}, {@link Pausable}, {@link PrimaryAware}. Nemeses declare the abilities they need
 * ({@link NemesisPackage#needs}) and a run that lacks one is refused before it starts.
 *
 * <p>Called concurrently for different nodes.
 */
public interface Db {
    /**
     * Installs the target, starts it and waits until it answers. Starts clean whatever an earlier
     * run left on the node (a killed controller's processes, data, pidfiles): stop what is running
     * under this target's pidfiles and wipe its data before starting, never adopt it.
     */
    void setup(TestContext ctx, Node node) throws Exception;

    /** Stops the target and removes its data. Idempotent: also called after a failed or partial setup. */
    void teardown(TestContext ctx, Node node) throws Exception;

    /** Paths on the node of log files worth collecting into the store. */
    List<String> logFiles(TestContext ctx, Node node);
}
