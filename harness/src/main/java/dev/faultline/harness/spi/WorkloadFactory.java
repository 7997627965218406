package dev.faultline.harness.spi;

/** Creates a workload by name; discovered with {@link java.util.ServiceLoader}. */
public interface WorkloadFactory {
    String name();

    String description();

    Workload create(TestOptions options);
}
