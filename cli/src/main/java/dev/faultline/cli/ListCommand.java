package dev.faultline.cli;

import dev.faultline.harness.run.Registry;
import dev.faultline.harness.spi.LogPatterns;
import dev.faultline.harness.spi.ParamSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.io.PrintWriter;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/**
 * {@code faultline list [NAME]}: the targets, workloads and nemeses on the class path and in plugins,
 * each with every {@code --param} it declares (default and meaning); with a name, only that part.
 */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List known targets, workloads and nemeses with their --param keys (default and meaning).")
public final class ListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    PluginOptions plugins = new PluginOptions();

    @Option(names = "--target-file", paramLabel = "FILE", description = "Also read (and check) this target file and list its target.")
    Path targetFile;

    @Parameters(arity = "0..1", paramLabel = "NAME", description = "only the target, workload or nemesis of this name")
    String only;

    @Override
    public Integer call() {
        Registry r;
        try {
            r = TargetFiles.withFile(plugins.registry(), targetFile);
        } catch (IllegalArgumentException | IllegalStateException e) {
            spec.commandLine().getErr().println("faultline list: " + e.getMessage());
            return ExitCodes.CRASH;
        }
        if (only != null && !r.targets().containsKey(only) && !r.workloads().containsKey(only) && !r.nemeses().containsKey(only)) {
            spec.commandLine().getErr().println("faultline list: no target, workload or nemesis named '" + only + "'; known: "
                    + String.join(", ", new TreeSet<>(names(r))));
            return ExitCodes.CRASH;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("targets:");
        r.targets().forEach((name, t) -> {
            if (only != null && !only.equals(name)) return;
            out.printf("  %-16s %s (workloads: %s; --unsafe: %s)%n", name, t.description(),
                    String.join(", ", new TreeSet<>(t.workloads())),
                    t.unsafeSwitches().isEmpty() ? "none" : String.join(", ", new TreeSet<>(t.unsafeSwitches())));
            printParams(out, t.params());
            if (t instanceof LogPatterns lp) out.printf("      log patterns (--log-pattern adds more): %s%n", String.join("  ", lp.logPatterns()));
        });
        out.println("workloads:");
        r.workloads().forEach((name, w) -> {
            if (only != null && !only.equals(name)) return;
            out.printf("  %-16s %s%n", name, w.description());
            printParams(out, w.params());
        });
        out.println("nemeses:");
        r.nemeses().forEach((name, n) -> {
            if (only != null && !only.equals(name)) return;
            out.printf("  %-16s %s%n", name, n.description());
            printParams(out, n.params());
        });
        return 0;
    }

    private static List<String> names(Registry r) {
        List<String> all = new java.util.ArrayList<>(r.targets().keySet());
        all.addAll(r.workloads().keySet());
        all.addAll(r.nemeses().keySet());
        return all;
    }

    static void printParams(PrintWriter out, List<ParamSpec> params) {
        for (ParamSpec p : params) {
            String dflt = p.isNamespace() ? "" : " (default " + (p.defaultValue().isEmpty() ? "unset" : p.defaultValue()) + ")";
            out.printf("      --param %s%s: %s%n", p.name(), dflt, p.meaning());
        }
    }
}
