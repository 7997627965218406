package dev.faultline.harness.spi;

import dev.faultline.harness.control.Node;

import java.util.List;
import java.util.Optional;

/**
 * Installs and controls the system under test on one node. Called concurrently for different
 * nodes; each method must be idempotent enough to be retried by the heal path.
 */
public interface Db {
    /** Uploads the target, starts it as a daemon, and waits until it answers. */
    void setup(TestContext ctx, Node node) throws Exception;

    /** Stops the target and removes its data. */
    void teardown(TestContext ctx, Node node) throws Exception;

    /** Starts the target again after a kill (data intact); a no-op if it is running. */
    void start(TestContext ctx, Node node) throws Exception;

    /** SIGKILL: no clean shutdown. */
    void kill(TestContext ctx, Node node) throws Exception;

    /** SIGSTOP. */
    void pause(TestContext ctx, Node node) throws Exception;

    /** SIGCONT. */
    void resume(TestContext ctx, Node node) throws Exception;

    /** Paths on the node of log files worth collecting into the store. */
    List<String> logFiles(TestContext ctx, Node node);

    /** The node the target currently considers its primary (leader), if it can tell. */
    default Optional<String> primary(TestContext ctx) {
        return Optional.empty();
    }
}
