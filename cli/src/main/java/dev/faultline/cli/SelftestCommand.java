package dev.faultline.cli;

import dev.faultline.harness.run.TestRun;
import dev.faultline.checkers.result.Validity;
import dev.faultline.cli.selftest.DetectionMatrix;
import dev.faultline.cli.selftest.FirstAnomaly;
import dev.faultline.cli.selftest.SelftestFiles;
import dev.faultline.cli.selftest.SelftestResult;
import dev.faultline.harness.run.Plugins;
import dev.faultline.harness.run.Registry;
import dev.faultline.harness.run.RunOutcome;
import dev.faultline.harness.spi.SelfTestCase;
import dev.faultline.harness.spi.Target;
import dev.faultline.harness.spi.TestOptions;
import dev.faultline.results.HostClock;
import dev.faultline.results.Store;
import dev.faultline.targetfile.FileTarget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/**
 * {@code faultline selftest}: every case the targets declare ({@link Target#selfTests()}): planted bugs
 * under the faults that expose them, safe builds under every fault. Each case is one ordinary
 * {@code faultline test} run ({@link TestRun}), one after another; then the detection matrix.
 */
@Command(name = "selftest", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run every planted bug against the faults that expose it and every safe build against every fault, "
                + "then print the detection matrix (also written to STORE/selftest.json and STORE/selftest.html)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every run gave the expected verdict (bugs caught, safe builds valid)",
                "1:some run did not (a bug missed, a false alarm, or an unknown verdict)",
                "3:a run crashed or was interrupted, or the options are wrong"})
public final class SelftestCommand implements Callable<Integer> {
    /** Faults that need real network namespaces: the local provisioner's process sandboxes refuse them. */
    static final Set<String> NETWORK_FAULTS = Set.of("partition", "packet", "stale-election");

    @Spec
    CommandSpec spec;

    @Option(names = "--target", split = ",", description = "Only these targets (repeatable or comma-separated). Default: every target.")
    List<String> targets = new ArrayList<>();

    @Option(names = "--target-file", paramLabel = "FILE",
            description = "The cases of the target this file describes (its `selftest` list; docs/targets.md).")
    Path targetFile;

    @Option(names = "--only-unsafe", description = "Only the planted bugs (cases that must be caught).")
    boolean onlyUnsafe;

    @Option(names = "--only-safe", description = "Only the safe builds (cases that must stay valid).")
    boolean onlySafe;

    @Option(names = "--nemesis", split = ",",
            description = "Only cases with these nemesis combinations, as the matrix names its columns (e.g. partition, partition+kill, none).")
    List<String> nemesisFilter = new ArrayList<>();

    @Option(names = "--time-limit-scale", defaultValue = "1",
            description = "Multiply every case's main-phase time limit by F (e.g. 0.5 for a quicker, less thorough pass). Default: ${DEFAULT-VALUE}.")
    double timeLimitScale;

    @Option(names = "--provisioner", defaultValue = "docker",
            description = "docker, or local (processes on this machine; cases with network faults are skipped). Default: ${DEFAULT-VALUE}.")
    String provisioner;

    @Option(names = "--store", defaultValue = "store", description = "Where runs and the matrix are stored. Default: ${DEFAULT-VALUE}.")
    Path store;

    @Option(names = "--seed", description = "Seed of the first case; case i gets seed+i (default: random per case; each seed is recorded).")
    Long seed;

    @Option(names = "--repeat", defaultValue = "1", paramLabel = "N",
            description = "Run every case N times (in N rounds over all cases); cells then show rates (caught 9/10) and the median time to the first anomalous op. Default: ${DEFAULT-VALUE}.")
    int repeat;

    @Option(names = "--list", description = "Print the cases that would run, and run nothing.")
    boolean list;

    @Option(names = "--no-progress", description = "Do not print the runs' progress lines.")
    boolean noProgress;

    @Mixin
    PluginOptions pluginOptions = new PluginOptions();

    /** The plugin jars, opened once; each case gets a fresh registry from them. */
    private Plugins plugins;

    /** A case to run, with the target that declared it. */
    record Planned(String target, SelfTestCase testCase) {}

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Registry registry;
        List<Planned> plan;
        Map<String, Set<String>> uncovered;
        TestRun.Machines machines;
        try {
            if (onlySafe && onlyUnsafe) throw new IllegalArgumentException("--only-safe and --only-unsafe exclude each other");
            if (!(timeLimitScale > 0) || timeLimitScale > 100) {
                throw new IllegalArgumentException("--time-limit-scale must be above 0 and at most 100, was " + timeLimitScale);
            }
            if (repeat < 1 || repeat > 1000) throw new IllegalArgumentException("--repeat must be 1 to 1000, was " + repeat);
            if (!provisioner.equals("docker") && !provisioner.equals("local")) {
                throw new IllegalArgumentException("--provisioner for selftest is docker or local, was '" + provisioner + "'");
            }
            machines = new TestRun.Machines(provisioner, null);
            plugins = pluginOptions.open();
            registry = TargetFiles.withFile(plugins.registry(), targetFile);
            List<Target> chosen = new ArrayList<>();
            if (targetFile != null) {
                if (!targets.isEmpty()) throw new IllegalArgumentException("give --target or --target-file, not both");
                chosen.add(registry.target(FileTarget.read(targetFile).name()));
            } else if (targets.isEmpty()) {
                chosen.addAll(registry.targets().values());
            } else {
                for (String t : new LinkedHashSet<>(targets)) chosen.add(registry.target(t.strip()));
            }
            plan = new ArrayList<>();
            uncovered = new LinkedHashMap<>();
            for (Target t : chosen) {
                Set<String> gaps = new TreeSet<>(t.unsafeSwitches());
                for (SelfTestCase c : t.selfTests()) {
                    gaps.removeAll(c.unsafe());
                    boolean safe = c.unsafe().isEmpty();
                    boolean wanted = nemesisFilter.isEmpty() || nemesisFilter.stream().map(String::strip).anyMatch(c.nemesisLabel()::equals);
                    if (wanted && ((safe && !onlyUnsafe) || (!safe && !onlySafe))) plan.add(new Planned(t.name(), c));
                }
                if (!onlySafe) uncovered.put(t.name(), gaps);
            }
            if (plan.isEmpty()) {
                throw new IllegalArgumentException("no self-test cases to run for " + chosen.stream().map(Target::name).toList()
                        + (onlySafe || onlyUnsafe ? " with " + (onlySafe ? "--only-safe" : "--only-unsafe") : "")
                        + (nemesisFilter.isEmpty() ? "" : " with --nemesis " + String.join(",", nemesisFilter))
                        + " (a target declares its cases in Target.selfTests(); see docs/selftest.md)");
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("faultline selftest: " + e.getMessage());
            return DetectionMatrix.A_RUN_CRASHED;
        }

        if (list) {
            for (int i = 0; i < plan.size(); i++) {
                Planned p = plan.get(i);
                SelfTestCase c = p.testCase();
                out.printf(Locale.ROOT, "%2d. %s %s x %s: expect %s, %s, %.0f s, %d nodes, %d clients%s%n     %s%n", i + 1, p.target(),
                        c.build(), c.nemesisLabel(), c.expected().wireName(), c.workload(), scaled(c.timeLimit()).toMillis() / 1000.0,
                        c.nodes(), c.concurrency(), c.params().isEmpty() ? "" : ", params " + new java.util.TreeMap<>(c.params()),
                        c.why());
            }
            out.flush();
            return 0;
        }

        Instant started = Instant.now();
        List<SelftestResult> results = new ArrayList<>();
        SecureRandom random = new SecureRandom();
        int total = plan.size() * repeat;
        rounds:
        for (int round = 0; round < repeat; round++) {
            for (int i = 0; i < plan.size(); i++) {
                int n = round * plan.size() + i;
                Planned p = plan.get(i);
                SelfTestCase c = p.testCase();
                long caseSeed = seed != null ? seed + n : random.nextLong() & Long.MAX_VALUE;
                err.printf(Locale.ROOT, "faultline selftest: [%d/%d] %s %s x %s (expect %s, %s)%n", n + 1, total, p.target(),
                        c.build(), c.nemesisLabel(), c.expected().wireName(), c.workload());
                err.flush();
                SelftestResult r = runOne(p, caseSeed, machines, err);
                results.add(r);
                err.printf(Locale.ROOT, "faultline selftest: [%d/%d] -> %s (%.0f s%s)%s%n", n + 1, total, r.cell().label(),
                        r.seconds(), r.firstAnomalySeconds() == null ? ""
                                : String.format(Locale.ROOT, ", first anomalous op at %.1f s", r.firstAnomalySeconds()),
                        r.runDir() == null ? "" : " " + r.runDir());
                if (r.hostClockWarning() != null) err.printf(Locale.ROOT, "faultline selftest: [%d/%d] %s%n", n + 1, total, r.hostClockWarning());
                err.flush();
                if (r.outcome() == SelftestResult.Outcome.INTERRUPTED) break rounds;
            }
        }
        Instant finished = Instant.now();

        DetectionMatrix matrix = new DetectionMatrix(results, uncovered, repeat);
        out.print(matrix.toText());
        Path root = Store.at(store).root();
        try {
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("targets", plan.stream().map(Planned::target).distinct().toList());
            settings.put("nemesis", nemesisFilter);
            settings.put("only", onlySafe ? "safe" : onlyUnsafe ? "unsafe" : "all");
            settings.put("timeLimitScale", timeLimitScale);
            settings.put("provisioner", provisioner);
            settings.put("seed", seed);
            settings.put("repeat", repeat);
            for (Path f : SelftestFiles.write(root, matrix, settings, started, finished)) out.println("wrote " + f);
        } catch (IOException e) {
            err.println("faultline selftest: cannot write the matrix into " + root + ": " + e.getMessage());
            out.flush();
            return DetectionMatrix.A_RUN_CRASHED;
        }
        out.flush();
        return matrix.exitCode();
    }

    private Duration scaled(Duration d) {
        return Duration.ofMillis(Math.max(1000, Math.round(d.toMillis() * timeLimitScale)));
    }

    private SelftestResult runOne(Planned p, long caseSeed, TestRun.Machines machines, PrintWriter err) {
        SelfTestCase c = p.testCase();
        if (provisioner.equals("local")) {
            List<String> network = c.nemeses().stream().filter(NETWORK_FAULTS::contains).toList();
            if (!network.isEmpty()) {
                return SelftestResult.skipped(p.target(), c, "needs network faults " + network + ", which the local provisioner cannot inject");
            }
        }
        TestOptions options = new TestOptions("selftest-" + p.target() + "-" + c.build() + "-" + c.nemesisLabel(), p.target(),
                c.workload(), c.nemeses(), c.nodes(), c.concurrency(), scaled(c.timeLimit()), c.nemesisInterval(), caseSeed,
                c.unsafe(), c.params());
        long t0 = System.nanoTime();
        TestRun run;
        try {
            // A fresh registry per case, as a separate `faultline test` process would have.
            run = TestRun.prepare(TargetFiles.withFile(plugins.registry(), targetFile), options);
        } catch (IllegalArgumentException | IllegalStateException e) {
            return SelftestResult.crashed(p.target(), c, null, "the case's options are wrong: " + e.getMessage(), caseSeed, 0);
        }
        RunOutcome outcome = run.run(store, machines, !noProgress, err);
        double seconds = (System.nanoTime() - t0) / 1e9;
        return switch (outcome.status()) {
            case COMPLETED -> {
                Validity v = outcome.result().validity();
                OptionalDouble first = FirstAnomaly.seconds(outcome.result(), outcome.runDir());
                HostClock hostClock = HostClock.in(outcome.result());
                yield SelftestResult.completed(p.target(), c, v, outcome.runDir(), outcome.result().summary(), caseSeed, seconds)
                        .withFirstAnomaly(first.isPresent() ? first.getAsDouble() : null)
                        .withHostClockWarning(hostClock == null ? null : hostClock.warning());
            }
            case CRASHED -> SelftestResult.crashed(p.target(), c, outcome.runDir(), outcome.error(), caseSeed, seconds);
            case INTERRUPTED -> SelftestResult.interrupted(p.target(), c, outcome.runDir(), caseSeed, seconds);
        };
    }
}
