package dev.faultline.harness.control;

/**
 * Brings up the machines of a test (containers, real hosts over SSH, local processes) and takes
 * down everything it created on {@link #close()}, which must be safe to call from a shutdown hook
 * and more than once.
 */
public interface Provisioner extends AutoCloseable {
    Cluster provision(int nodeCount);

    /** What test.json calls it: docker, ssh, local. */
    default String name() {
        return getClass().getSimpleName();
    }

    @Override
    void close();
}
