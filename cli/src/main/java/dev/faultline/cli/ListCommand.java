package dev.faultline.cli;

import dev.faultline.harness.run.Registry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code faultline list}: the targets, workloads and nemeses on the class path. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List known targets, workloads and nemeses.")
public final class ListCommand implements Callable<Integer> {
    @Option(names = "--target-file", paramLabel = "FILE", description = "Also read (and check) this target file and list its target.")
    Path targetFile;

    @Override
    public Integer call() {
        Registry r;
        try {
            r = TargetFiles.withFile(Registry.load(), targetFile);
        } catch (IllegalArgumentException e) {
            System.err.println("faultline list: " + e.getMessage());
            return ExitCodes.CRASH;
        }
        System.out.println("targets:");
        r.targets().forEach((name, t) -> System.out.printf("  %-16s %s (workloads: %s; --unsafe: %s)%n", name, t.description(),
                String.join(", ", new java.util.TreeSet<>(t.workloads())),
                t.unsafeSwitches().isEmpty() ? "none" : String.join(", ", new java.util.TreeSet<>(t.unsafeSwitches()))));
        System.out.println("workloads:");
        r.workloads().forEach((name, w) -> System.out.printf("  %-16s %s%n", name, w.description()));
        System.out.println("nemeses:");
        r.nemeses().forEach((name, n) -> System.out.printf("  %-16s %s%n", name, n.description()));
        return 0;
    }
}
