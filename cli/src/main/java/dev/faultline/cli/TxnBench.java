package dev.faultline.cli;

import dev.faultline.checkers.bench.SyntheticTxnHistories;
import dev.faultline.checkers.history.History;
import dev.faultline.checkers.result.CheckResult;
import dev.faultline.checkers.result.Validity;
import dev.faultline.checkers.txn.ConsistencyModel;
import dev.faultline.checkers.txn.TxnChecker;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code faultline bench txn}: transactional (Elle-style) checking time on reproducible synthetic list-append histories. */
@Command(name = "txn", mixinStandardHelpOptions = true,
        description = {"Check synthetic list-append histories (reproducible from --seed) and report time per case.",
                "Exit code 1 if any case gets an unexpected verdict."})
final class TxnBench implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--seed", defaultValue = "1", description = "Seed for the generated histories (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--only", paramLabel = "REGEX", description = "Run only the cases whose name matches.")
    Pattern only;

    @Option(names = "--repeat", defaultValue = "1", description = "Check each history this many times and report the fastest (default: ${DEFAULT-VALUE}).")
    int repeat;

    /** @param cutReads fraction of ok transactions whose reads are cut short (a store without isolation); 0 for none */
    record Case(String name, int txns, int processes, int activeKeys, ConsistencyModel model, boolean anomaly, double cutReads) {
        Case(String name, int txns, int processes, ConsistencyModel model, boolean anomaly, double cutReads) {
            this(name, txns, processes, 10, model, anomaly, cutReads);
        }

        Case(String name, int txns, int processes, ConsistencyModel model, boolean anomaly) {
            this(name, txns, processes, model, anomaly, 0);
        }

        History generate(long seed) {
            History h = SyntheticTxnHistories.listAppend(seed, txns, processes, activeKeys, anomaly);
            return cutReads > 0 ? SyntheticTxnHistories.cutReads(h, cutReads, seed) : h;
        }
    }

    static final List<Case> CASES = List.of(
            new Case("list-append 10k serializable", 10_000, 10, ConsistencyModel.SERIALIZABLE, false),
            new Case("list-append 100k serializable", 100_000, 10, ConsistencyModel.SERIALIZABLE, false),
            new Case("list-append 100k serializable anomaly", 100_000, 10, ConsistencyModel.SERIALIZABLE, true),
            new Case("list-append 100k strict-serializable", 100_000, 10, ConsistencyModel.STRICT_SERIALIZABLE, false),
            new Case("list-append 100k strict-serializable anomaly", 100_000, 10, ConsistencyModel.STRICT_SERIALIZABLE, true),
            new Case("list-append 100k snapshot-isolation p50", 100_000, 50, ConsistencyModel.SNAPSHOT_ISOLATION, false),
            new Case("list-append 100k serializable 1% cut reads", 100_000, 10, ConsistencyModel.SERIALIZABLE, true, 0.01),
            new Case("list-append 100k serializable 20% cut reads", 100_000, 10, ConsistencyModel.SERIALIZABLE, true, 0.2),
            new Case("list-append 100k strict-serializable 20% cut reads", 100_000, 10, ConsistencyModel.STRICT_SERIALIZABLE, true, 0.2),
            // issue 14's goal: 1M transactions, concurrency 20, 1,000 keys, in under 5 s and 4 GiB
            new Case("list-append 1M serializable p20 1000 keys", 1_000_000, 20, 1000, ConsistencyModel.SERIALIZABLE, false, 0),
            new Case("list-append 1M strict-serializable p20 1000 keys", 1_000_000, 20, 1000, ConsistencyModel.STRICT_SERIALIZABLE, false, 0),
            new Case("list-append 1M strict-serializable p20 10 keys", 1_000_000, 20, 10, ConsistencyModel.STRICT_SERIALIZABLE, false, 0));

    private static int anomalies(dev.faultline.checkers.txn.TxnReport report) {
        return report.counts().values().stream().mapToInt(Integer::intValue).sum();
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        out.printf(Locale.ROOT, "faultline bench txn --seed %d --repeat %d  (%d cores, max heap %,d MiB)%n", seed, repeat,
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        out.printf(Locale.ROOT, "%-50s %9s %10s %9s %9s %9s %7s  %s%n", "case", "txns", "edges", "check s", "cpu s", "jvm cpu s", "gen s", "verdict");
        int exit = ExitCodes.VALID;
        for (Case c : CASES) {
            if (only != null && !only.matcher(c.name()).find()) continue;
            long t0 = System.nanoTime();
            History history = c.generate(seed);
            double genSeconds = (System.nanoTime() - t0) / 1e9;
            double best = Double.MAX_VALUE, bestCpu = 0, bestJvmCpu = 0;
            CheckResult r = null;
            for (int i = 0; i < Math.max(1, repeat); i++) {
                System.gc();
                long cpu0 = threads.getCurrentThreadCpuTime();
                long jvm0 = os.getProcessCpuTime();
                long t1 = System.nanoTime();
                r = new TxnChecker(TxnChecker.Workload.LIST_APPEND, c.model()).check(history);
                double seconds = (System.nanoTime() - t1) / 1e9;
                if (seconds < best) {
                    best = seconds;
                    bestCpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
                    bestJvmCpu = (os.getProcessCpuTime() - jvm0) / 1e9;
                }
            }
            Validity expected = c.anomaly() ? Validity.INVALID : Validity.VALID;
            if (r.validity() != expected) exit = ExitCodes.INVALID;
            var report = (dev.faultline.checkers.txn.TxnReport) r.detail();
            out.printf(Locale.ROOT, "%-50s %,9d %,10d %9.3f %9.3f %9.3f %7.2f  %s%s%n", c.name(), c.txns(), report == null ? 0 : report.edges(), best, bestCpu, bestJvmCpu, genSeconds,
                    r.validity().wireName(), r.validity() == expected ? (c.anomaly() ? " " + report.forbidden().size() + " types, " + anomalies(report) + " anomalies"
                            + (report.gaveUp().isEmpty() ? "" : ", " + report.gaveUp().size() + " searches gave up") : "") : "  UNEXPECTED: " + r.summary());
            out.flush();
        }
        return exit;
    }
}
