package dev.faultline.harness.spi;

import java.time.Duration;

/**
 * Optional ability of a {@link Target}: the longest one of its client ops may legitimately take in a
 * run with these options (its own client's request timeout, a ZooKeeper session timeout, a Redis
 * {@code WAIT}). The runner then waits at least that long, plus a margin, before it records an op
 * with no completion as {@code info} and replaces the worker; {@code faultline test --client-timeout}
 * overrides it. A target without it gets the run default (10 s). See docs/running.md.
 */
public interface ClientOpTimeout {
    /** @throws IllegalArgumentException naming the {@code --param} when one is bad */
    Duration clientOpTimeout(TestOptions options);
}
