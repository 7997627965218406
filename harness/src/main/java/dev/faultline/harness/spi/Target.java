package dev.faultline.harness.spi;

import java.util.Set;

/**
 * A system that Faultline can test: how to install it and how to talk to it for each workload it
 * supports. Discovered with {@link java.util.ServiceLoader}.
 */
public interface Target {
    String name();

    String description();

    Set<String> workloads();

    /** The planted-bug switches this target understands ({@code --unsafe NAME}). */
    default Set<String> unsafeSwitches() {
        return Set.of();
    }

    Db db(TestOptions options);

    ClientFactory clients(String workload, TestOptions options);
}
