package dev.faultline.cli;

import dev.faultline.checkers.bench.SyntheticHistories;
import dev.faultline.checkers.history.History;
import dev.faultline.checkers.linearizable.Budget;
import dev.faultline.checkers.linearizable.LinearizabilityChecker;
import dev.faultline.checkers.model.Models;
import dev.faultline.checkers.result.CheckResult;
import dev.faultline.checkers.result.Validity;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code faultline bench checker}: linearizability checking time and heap on reproducible synthetic histories. */
@Command(name = "checker", mixinStandardHelpOptions = true,
        description = {"Check synthetic histories (reproducible from --seed) and report time and peak heap per case.",
                "Exit code 1 if any case gets an unexpected verdict."})
final class CheckerBench implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--seed", defaultValue = "1", description = "Seed for the generated histories (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--only", paramLabel = "REGEX", description = "Run only the cases whose name matches.")
    Pattern only;

    @Option(names = "--time-limit", converter = Durations.class, defaultValue = "60s", paramLabel = "DURATION",
            description = "Budget per case (default: ${DEFAULT-VALUE}).")
    Duration timeLimit;

    /** One benchmark case. */
    record Case(String name, String model, int keys, int processes, int ops, double infoRate, boolean anomaly) {
        History generate(long seed) {
            return keys == 1
                    ? SyntheticHistories.casRegister(seed, processes, ops, infoRate, anomaly)
                    : SyntheticHistories.kv(seed, keys, processes, ops, infoRate, anomaly);
        }
    }

    static final List<Case> CASES = List.of(
            new Case("cas-register p5 1k", "cas-register", 1, 5, 1_000, 0.03, false),
            new Case("cas-register p5 1k anomaly", "cas-register", 1, 5, 1_000, 0.03, true),
            new Case("cas-register p10 10k", "cas-register", 1, 10, 10_000, 0.03, false),
            new Case("cas-register p10 100k", "cas-register", 1, 10, 100_000, 0.03, false),
            new Case("cas-register p10 100k anomaly", "cas-register", 1, 10, 100_000, 0.03, true),
            new Case("cas-register p50 10k", "cas-register", 1, 50, 10_000, 0.03, false),
            new Case("cas-register p50 100k", "cas-register", 1, 50, 100_000, 0.03, false),
            new Case("cas-register p50 100k anomaly", "cas-register", 1, 50, 100_000, 0.03, true),
            new Case("kv 1000 keys p20 1M", "kv", 1_000, 20, 1_000_000, 0.03, false),
            new Case("kv 1000 keys p20 1M anomaly", "kv", 1_000, 20, 1_000_000, 0.03, true));

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "faultline bench checker --seed %d  (%d cores, max heap %,d MiB)%n", seed,
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        out.printf(Locale.ROOT, "%-32s %10s %8s %9s %9s %10s %9s  %s%n", "case", "ops", "info", "check s", "cpu s", "peak MiB", "gen s", "verdict");
        int exit = ExitCodes.VALID;
        for (Case c : CASES) {
            if (only != null && !only.matcher(c.name()).find()) continue;
            long t0 = System.nanoTime();
            History history = c.generate(seed);
            double genSeconds = (System.nanoTime() - t0) / 1e9;
            long infos = history.ops().stream().filter(op -> op.isInfo()).count();
            System.gc();
            resetPeaks();
            long cpu0 = processCpuNanos();
            long t1 = System.nanoTime();
            CheckResult r = new LinearizabilityChecker(Models.byName(c.model()), null, new Budget(timeLimit, Budget.statesFittingInHeap())).check(history);
            double checkSeconds = (System.nanoTime() - t1) / 1e9;
            double cpuSeconds = (processCpuNanos() - cpu0) / 1e9;
            long peak = peakHeap();
            Validity expected = c.anomaly() ? Validity.INVALID : Validity.VALID;
            boolean asExpected = r.validity() == expected;
            if (!asExpected) exit = ExitCodes.INVALID;
            out.printf(Locale.ROOT, "%-32s %,10d %7.1f%% %9.3f %9.3f %,10d %9.2f  %s%s%n", c.name(), c.ops(), 100.0 * infos / c.ops(), checkSeconds, cpuSeconds,
                    peak >> 20, genSeconds, r.validity().wireName(), asExpected ? "" : "  UNEXPECTED: " + r.summary());
            out.flush();
        }
        return exit;
    }

    /** CPU time of the whole process (all threads, GC included), or -1 if the JVM does not say. */
    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) return os.getProcessCpuTime();
        return -1;
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) if (p.getType() == MemoryType.HEAP) p.resetPeakUsage();
    }

    /** Sum of the heap pools' peaks since the reset: an upper bound on the heap in use during the check. */
    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) if (p.getType() == MemoryType.HEAP) sum += p.getPeakUsage().getUsed();
        return sum;
    }
}
