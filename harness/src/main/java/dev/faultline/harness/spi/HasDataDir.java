package dev.faultline.harness.spi;

import dev.faultline.harness.control.Node;

/**
 * A {@link Db} that tells where it keeps its durable state on a node (the disk faults act on that
 * directory). It must be the only place the target writes what has to survive a crash, and must
 * exist once {@link Db#setup} has returned.
 */
public interface HasDataDir {
    /** Absolute path of the data directory on {@code node}. */
    String dataDir(TestContext ctx, Node node);
}
