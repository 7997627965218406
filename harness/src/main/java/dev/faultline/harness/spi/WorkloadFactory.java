package dev.faultline.harness.spi;

import java.util.List;

/** Creates a workload by name; discovered with {@link java.util.ServiceLoader}. */
public interface WorkloadFactory {
    String name();

    String description();

    /**
     * Every {@code --param} key this workload reads, with its default and meaning ({@code faultline list}
     * shows them). A run rejects a key that none of its target, workload and nemeses declares. None
     * by default; a workload that reads keys it cannot list declares a namespace ({@link ParamSpec#namespace}).
     */
    default List<ParamSpec> params() {
        return List.of();
    }

    Workload create(TestOptions options);
}
