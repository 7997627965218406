package dev.faultline.harness.spi;

import dev.faultline.harness.control.Cluster;

import java.nio.file.Path;

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
}
