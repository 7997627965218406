package dev.faultline.harness.spi;

import java.util.List;

/** Creates a packaged fault by name ({@code --nemesis NAME}); discovered with {@link java.util.ServiceLoader}. */
public interface NemesisFactory {
    String name();

    String description();

    /**
     * Every {@code --param} key this fault reads, with its default and meaning ({@code faultline list}
     * shows them). A run rejects a key that none of its target, workload and nemeses declares. None
     * by default; a fault that reads keys it cannot list declares a namespace ({@link ParamSpec#namespace}).
     */
    default List<ParamSpec> params() {
        return List.of();
    }

    /** @throws IllegalArgumentException if the options make this fault impossible (e.g. majority of 1 node) */
    NemesisPackage create(TestOptions options);

    /**
     * The package for a run against {@code db}: a fault may choose its defaults by what the target
     * can do (the clock aims at the primary when the Db is {@link PrimaryAware}).
     * {@code TestRun.prepare} calls this one; by default it is {@link #create(TestOptions)}.
     */
    default NemesisPackage create(TestOptions options, Db db) {
        return create(options);
    }
}
