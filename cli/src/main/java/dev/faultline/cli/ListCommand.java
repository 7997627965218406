package dev.faultline.cli;

import dev.faultline.harness.run.Registry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code faultline list}: the targets, workloads and nemeses on the class path and in plugins. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List known targets, workloads and nemeses.")
public final class ListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    PluginOptions plugins = new PluginOptions();

    @Option(names = "--target-file", paramLabel = "FILE", description = "Also read (and check) this target file and list its target.")
    Path targetFile;

    @Override
    public Integer call() {
        Registry r;
        try {
            r = TargetFiles.withFile(plugins.registry(), targetFile);
        } catch (IllegalArgumentException | IllegalStateException e) {
            spec.commandLine().getErr().println("faultline list: " + e.getMessage());
            return ExitCodes.CRASH;
        }
        java.io.PrintWriter out = spec.commandLine().getOut();
        out.println("targets:");
        r.targets().forEach((name, t) -> out.printf("  %-16s %s (workloads: %s; --unsafe: %s)%n", name, t.description(),
                String.join(", ", new java.util.TreeSet<>(t.workloads())),
                t.unsafeSwitches().isEmpty() ? "none" : String.join(", ", new java.util.TreeSet<>(t.unsafeSwitches()))));
        out.println("workloads:");
        r.workloads().forEach((name, w) -> out.printf("  %-16s %s%n", name, w.description()));
        out.println("nemeses:");
        r.nemeses().forEach((name, n) -> out.printf("  %-16s %s%n", name, n.description()));
        return 0;
    }
}
