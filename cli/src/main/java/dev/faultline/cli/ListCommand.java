package dev.faultline.cli;

import dev.faultline.harness.run.Registry;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code faultline list}: the targets, workloads and nemeses on the class path. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List known targets, workloads and nemeses.")
public final class ListCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        Registry r = Registry.load();
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
