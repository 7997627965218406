package dev.faultline.harness.run;

import dev.faultline.harness.control.Cluster;
import dev.faultline.harness.spi.Db;
import dev.faultline.harness.spi.TestContext;
import dev.faultline.harness.spi.TestOptions;

import java.nio.file.Path;
import java.time.Duration;

/** The runner's {@link TestContext}: time 0 is the moment the run began. */
public record RunContext(TestOptions options, Cluster cluster, Db db, Path runDir, long startNanos, Duration clientTimeout)
        implements TestContext {
    @Override
    public long nanoTime() {
        return System.nanoTime() - startNanos;
    }
}
