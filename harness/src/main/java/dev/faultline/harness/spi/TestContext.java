package dev.faultline.harness.spi;

import dev.faultline.harness.control.Cluster;

import java.nio.file.Path;
import java.time.Duration;

/** What a run offers to databases, clients, nemeses and workloads while it is under way. */
public interface TestContext {
    TestOptions options();

    Cluster cluster();

    /** The system under test (for nemeses that kill, pause or ask for the primary). */
    Db db();

    /** This run's store directory. */
    Path runDir();

    /** Nanoseconds since the run started, on the controller's monotonic clock (the history's time base). */
    long nanoTime();

    /**
     * How long the runner waits for a client op before it records it as {@code info} and replaces the
     * worker (the run default, raised to what the target declares, {@link ClientOpTimeout}, or the
     * user's {@code --client-timeout}). A client that bounds its ops itself stays below it, so that
     * it, not the runner, times them out and cleans up.
     */
    Duration clientTimeout();
}
