package dev.faultline.harness.run;

import dev.faultline.checkers.Checker;
import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.Op;
import dev.faultline.checkers.history.OpType;
import dev.faultline.checkers.result.CheckResult;
import dev.faultline.checkers.result.Validity;
import dev.faultline.harness.control.Cluster;
import dev.faultline.harness.control.Node;
import dev.faultline.harness.control.Provisioner;
import dev.faultline.harness.generator.Generator;
import dev.faultline.harness.generator.Generators;
import dev.faultline.harness.spi.ClientFactory;
import dev.faultline.harness.spi.Db;
import dev.faultline.harness.spi.NemesisPackage;
import dev.faultline.harness.spi.PrimaryAware;
import dev.faultline.harness.spi.Target;
import dev.faultline.harness.spi.TestContext;
import dev.faultline.harness.spi.TestOptions;
import dev.faultline.harness.spi.Workload;
import dev.faultline.results.FaultKind;
import dev.faultline.results.ResultsFile;
import dev.faultline.results.RunDir;
import dev.faultline.results.RunRecord;
import dev.faultline.results.RunReports;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one test through its phases: setup (provision, install the target on every node in
 * parallel, set up the nemesis), main (clients and nemesis, bounded by the time limit), heal
 * (stop every fault, wait for the cluster to recover), final (e.g. final reads), teardown
 * (collect node logs, remove the target, release the machines), check. Every op goes to
 * history.jsonl as it happens. A JVM shutdown hook (Ctrl-C, kill) heals, tears down and marks
 * the run interrupted, leaving a checkable history prefix.
 */
public final class Runner {
    private static final Logger log = LoggerFactory.getLogger(Runner.class);

    /** What to run. {@code reporter} writes results.json and the reports; null for {@link RunReports#write}. */
    public record Spec(TestOptions options, Target target, Workload workload, NemesisPackage nemesis,
                       Provisioner provisioner, Path runDir, RunSettings settings, Reporter reporter) {
    }

    /** Writes the verdict and reports of a checked run into its directory. */
    @FunctionalInterface
    public interface Reporter {
        void report(Path runDir, History history, CheckResult result, RunRecord record) throws Exception;
    }

    private final Spec spec;
    private final TestOptions options;
    private final Path runDir;
    private final RunDir files;
    private final long startNanos = System.nanoTime();
    private final Instant startTime = Instant.now();
    private final Map<String, Double> phaseSeconds = new LinkedHashMap<>();
    private volatile List<String> nodeNames;
    private volatile RunRecord record;
    private final Object cleanupLock = new Object();

    private volatile boolean stopRequested;
    private volatile String phase = "starting";
    private volatile RunContext ctx;
    private volatile Db db;
    private volatile Cluster cluster;
    private volatile boolean nemesisSetUp;
    private volatile boolean healed;
    private boolean cleanedUp;
    private boolean finalStatusWritten;
    private HistoryRecorder recorder;

    public Runner(Spec spec) {
        this.spec = spec;
        this.options = spec.options();
        this.runDir = spec.runDir();
        this.files = RunDir.at(runDir);
    }

    /** Asks a running test to stop dispatching ops (what the shutdown hook does first). */
    public void requestStop() {
        stopRequested = true;
    }

    public String phase() {
        return phase;
    }

    public RunOutcome run() {
        Thread hook = new Thread(this::onShutdown, "faultline-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        Progress progress = null;
        String crash = null;
        try {
            Files.createDirectories(runDir);
            recorder = new HistoryRecorder(HistorySinks.jsonl(files.history()));
            writeTestInfo("running", null);
            if (spec.settings().progress()) progress = new Progress(System.err, recorder, () -> phase, startNanos, 3000);
            execute();
        } catch (Throwable t) {
            crash = describe(t);
            log.error("run crashed in phase {}: {}", phase, crash, t);
        } finally {
            if (progress != null) progress.close();
        }
        if (stopRequested) {
            // The shutdown hook owns the rest: the JVM is exiting.
            cleanup(true);
            return new RunOutcome(runDir, RunOutcome.Status.INTERRUPTED, null, "interrupted");
        }
        cleanup(false);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down; the hook runs and finds the run cleaned up
        }
        if (crash != null) {
            finish("crashed", crash, null);
            return new RunOutcome(runDir, RunOutcome.Status.CRASHED, null, crash);
        }
        return check();
    }

    private void execute() throws Exception {
        Target target = spec.target();
        Workload workload = spec.workload();
        NemesisPackage nemesis = spec.nemesis();

        phase = "setup";
        long t0 = System.nanoTime();
        log.info("provisioning {} node(s)", options.nodes());
        cluster = spec.provisioner().provision(options.nodes());
        nodeNames = List.copyOf(cluster.names());
        db = target.db(options);
        ctx = new RunContext(options, cluster, db, runDir, startNanos);
        log.info("installing {} on {}", target.name(), cluster.names());
        onEveryNode("db setup", node -> {
            db.setup(ctx, node);
            return null;
        });
        checkStop();
        nemesis.nemesis().setup(ctx);
        nemesisSetUp = true;
        phaseSeconds.put("setup", seconds(t0));
        checkStop();

        ClientFactory clients = target.clients(workload.name(), options);
        try (Interpreter interpreter = new Interpreter(recorder, options.concurrency(),
                thread -> new ClientWorker(ctx, clients, cluster.nodes().get(thread % cluster.size())),
                new NemesisWorker(ctx, nemesis.nemesis()), options.seed(),
                spec.settings().clientTimeout(), spec.settings().nemesisTimeout(), ctx::nanoTime)) {
            phase = "main";
            t0 = System.nanoTime();
            log.info("main phase: {} for {} s with nemesis {}", workload.name(), options.timeLimit().toSeconds(), nemesis.name());
            // One quiet interval first, so every run shows the healthy cluster before the first fault.
            Generator faults = nemesis.generator() == null ? Generators.empty()
                    : Generators.seq(Generators.sleep(options.nemesisInterval()), nemesis.generator());
            Generator main = Generators.timeLimit(options.timeLimit(), Generators.clients(workload.generator(ctx), faults));
            interpreter.run(main, options.timeLimit().plus(spec.settings().nemesisTimeout()), () -> stopRequested);
            phaseSeconds.put("main", seconds(t0));
            checkStop();

            phase = "heal";
            t0 = System.nanoTime();
            if (nemesis.finalGenerator() != null) {
                interpreter.run(Generators.nemesis(nemesis.finalGenerator()), spec.settings().nemesisTimeout(), () -> stopRequested);
            }
            heal();
            checkStop();
            awaitRecovery();
            phaseSeconds.put("heal", seconds(t0));
            checkStop();

            Generator finalGen = workload.finalGenerator(ctx);
            if (finalGen != null) {
                phase = "final";
                t0 = System.nanoTime();
                log.info("final phase");
                interpreter.run(Generators.clients(finalGen), spec.settings().finalTimeLimit(), () -> stopRequested);
                phaseSeconds.put("final", seconds(t0));
            }
        }
        checkStop();
    }

    private void checkStop() {
        if (stopRequested) throw new Interrupted();
    }

    /** Thrown inside the run to unwind after a stop request; the shutdown path takes over. */
    private static final class Interrupted extends RuntimeException {
        Interrupted() {
            super("interrupted", null, false, false);
        }
    }

    /** Heals every nemesis and records it as a nemesis op, so reports can show where faults ended. */
    private void heal() {
        if (!nemesisSetUp || healed) return;
        Op invoke = new Op(-1, ctx.nanoTime(), Op.NEMESIS, OpType.INVOKE, FaultKind.HEAL_F, null, null, null);
        recordQuietly(invoke);
        try {
            spec.nemesis().nemesis().heal(ctx);
            healed = true;
            recordQuietly(invoke.complete(OpType.INFO, "healed", null).withTime(ctx.nanoTime()));
        } catch (Exception e) {
            recordQuietly(invoke.info("heal-failed: " + describe(e)).withTime(ctx.nanoTime()));
            throw new IllegalStateException("healing the nemesis failed: " + describe(e), e);
        }
    }

    private void recordQuietly(Op op) {
        try {
            if (!recorder.isClosed()) recorder.record(op);
        } catch (RuntimeException e) {
            log.warn("could not record {}: {}", op.f(), e.toString());
        }
    }

    private void awaitRecovery() throws InterruptedException {
        if (!(db instanceof PrimaryAware primaryAware)) {
            long grace = spec.settings().healGrace().toMillis();
            if (grace > 0) log.info("waiting {} ms for the cluster to recover", grace);
            Thread.sleep(grace);
            return;
        }
        long deadline = System.nanoTime() + spec.settings().recoveryTimeout().toNanos();
        while (!stopRequested) {
            try {
                var primary = primaryAware.primary(ctx);
                if (primary.isPresent()) {
                    log.info("cluster recovered: primary {}", primary.get());
                    return;
                }
            } catch (RuntimeException e) {
                log.debug("asking for the primary failed: {}", e.toString());
            }
            if (System.nanoTime() > deadline) {
                log.warn("no primary {} s after healing; running the final phase anyway", spec.settings().recoveryTimeout().toSeconds());
                return;
            }
            Thread.sleep(500);
        }
    }

    /** Teardown, shared by the normal path and the shutdown hook; runs once. */
    private void cleanup(boolean interrupted) {
        synchronized (cleanupLock) {
            if (cleanedUp) return;
            cleanedUp = true;
            phase = "teardown";
            long t0 = System.nanoTime();
            if (nemesisSetUp && !healed) {
                try {
                    bounded("heal", Duration.ofSeconds(30), () -> {
                        heal();
                        return null;
                    });
                } catch (Exception e) {
                    log.error("healing failed: {}", describe(e));
                    if (spec.settings().resetNetworkOnNodes()) resetNetwork();
                }
            }
            if (cluster != null && db != null && ctx != null) {
                collectLogs();
                try {
                    onEveryNode("db teardown", node -> {
                        db.teardown(ctx, node);
                        return null;
                    });
                } catch (Exception e) {
                    log.warn("db teardown: {}", describe(e));
                }
            }
            try {
                bounded("provisioner close", Duration.ofSeconds(60), () -> {
                    spec.provisioner().close();
                    return null;
                });
            } catch (Exception e) {
                log.error("releasing the machines failed: {}", describe(e));
            }
            if (recorder != null) {
                try {
                    recorder.close();
                } catch (IOException e) {
                    log.error("closing the history failed: {}", describe(e));
                }
            }
            phaseSeconds.put("teardown", seconds(t0));
            if (interrupted) finish("interrupted", "the controller was interrupted during the run; history.jsonl holds every op recorded until then", null);
        }
    }

    /** Last resort when a nemesis could not heal: drop every iptables rule and tc qdisc on every node. */
    private void resetNetwork() {
        if (cluster == null) return;
        for (Node node : cluster.nodes()) {
            try {
                node.remote().sh("iptables -F; iptables -X; for d in $(ls /sys/class/net); do tc qdisc del dev \"$d\" root 2>/dev/null; done; true",
                        Duration.ofSeconds(10));
                log.info("reset iptables and tc on {}", node.name());
            } catch (RuntimeException e) {
                log.error("could not reset the network of {}: {}", node.name(), e.toString());
            }
        }
    }

    private void collectLogs() {
        try {
            onEveryNode("log collection", node -> {
                Path dir = Files.createDirectories(files.node(node.name()));
                Set<String> taken = new HashSet<>();
                for (String remote : db.logFiles(ctx, node)) {
                    String name = localLogName(remote, taken);
                    try {
                        node.remote().download(remote, dir.resolve(name));
                    } catch (RuntimeException e) {
                        log.warn("could not collect {} from {}: {}", remote, node.name(), e.toString());
                    }
                }
                return null;
            });
        } catch (Exception e) {
            log.warn("log collection: {}", describe(e));
        }
    }

    /**
     * A collected file's name in the node's directory: its own name, or, when another file of the
     * node already took that name, its path with '/' turned into '_' (so neither overwrites the other).
     */
    static String localLogName(String remote, Set<String> taken) {
        String name = remote.substring(remote.lastIndexOf('/') + 1);
        if (!taken.add(name)) {
            name = remote.replaceAll("^/+", "").replace('/', '_');
            taken.add(name);
        }
        return name;
    }

    private void onShutdown() {
        synchronized (cleanupLock) {
            if (finalStatusWritten) return;
        }
        System.err.println("\nfaultline: interrupted; healing faults and tearing down (history so far: " + files.history() + ")");
        stopRequested = true;
        long deadline = System.nanoTime() + 3_000_000_000L;
        while (System.nanoTime() < deadline && ("main".equals(phase) || "final".equals(phase) || "heal".equals(phase))) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                break;
            }
        }
        cleanup(true);
        synchronized (cleanupLock) {
            if (!finalStatusWritten) finish("interrupted", "the controller was interrupted; the run did not finish", null);
        }
    }

    private RunOutcome check() {
        phase = "check";
        long t0 = System.nanoTime();
        History history;
        CheckResult result;
        try {
            history = recorder.history();
            Checker checker = spec.workload().checker(ctx);
            log.info("checking {} ops with {}", history.size(), checker.name());
            result = checker.check(history);
        } catch (Throwable t) {
            String reason = "checking failed: " + describe(t);
            log.error(reason, t);
            finish("crashed", reason, null);
            return new RunOutcome(runDir, RunOutcome.Status.CRASHED, null, reason);
        }
        phaseSeconds.put("check", seconds(t0));
        log.info("verdict: {} ({})", result.validity().wireName(), result.summary());
        finish("completed", null, result);
        try {
            Reporter reporter = spec.reporter() == null ? RunReports::write : spec.reporter();
            reporter.report(runDir, history, result, record);
        } catch (Exception e) {
            log.error("writing reports failed: {}", describe(e), e);
        }
        return new RunOutcome(runDir, RunOutcome.Status.COMPLETED, result, null);
    }

    private void finish(String status, String error, CheckResult result) {
        synchronized (cleanupLock) {
            writeTestInfo(status, error);
            finalStatusWritten = true;
            if (result != null) return; // the reporter writes results.json and the reports
            // Crashed or interrupted: an unknown verdict that says why, and a report of the history so far.
            CheckResult unknown = CheckResult.of("run", Validity.UNKNOWN, "the run " + status + ": " + error);
            try {
                ResultsFile.write(files.results(), unknown);
                History soFar = recorder == null ? History.of(List.of()) : recorder.history();
                Reporter reporter = spec.reporter() == null ? RunReports::write : spec.reporter();
                reporter.report(runDir, soFar, unknown, record);
            } catch (Exception e) {
                log.error("cannot write the results of the {} run: {}", status, describe(e));
            }
        }
    }

    /** Writes test.json: the run as configured, its status, and how far it got. */
    private void writeTestInfo(String status, String error) {
        HistoryRecorder.Counts counts = recorder == null ? null : recorder.counts();
        String version = Runner.class.getPackage().getImplementationVersion();
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("faultline", version == null ? "dev" : version);
        versions.put("java", System.getProperty("java.version"));
        versions.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        RunRecord r = new RunRecord(options.testName(), RunRecord.Status.of(status), error, null,
                options.target(), options.workload(), options.nemeses(), nodeNames, options.nodes(), options.concurrency(),
                options.timeLimit(), options.nemesisInterval(), options.seed(), List.copyOf(new java.util.TreeSet<>(options.unsafe())),
                options.params(), spec.provisioner().name(), spec.settings().clientTimeout(), spec.settings().nemesisTimeout(),
                startTime, "running".equals(status) ? null : Instant.now(), java.util.Collections.unmodifiableMap(new LinkedHashMap<>(phaseSeconds)),
                versions,
                counts == null ? null : new RunRecord.OpCounts(counts.invocations(), counts.ok(), counts.fail(), counts.info()),
                spec.nemesis().faults());
        record = r;
        try {
            r.write(files.record());
        } catch (RuntimeException e) {
            log.error("cannot write test.json: {}", e.toString());
        }
    }

    /** Runs {@code action} on every node at once; throws the first failure (naming the node) with the rest suppressed. */
    private void onEveryNode(String what, NodeAction action) throws Exception {
        List<Node> nodes = cluster.nodes();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, nodes.size()), r -> {
            Thread t = new Thread(r, "faultline-" + what.replace(' ', '-'));
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Node n : nodes) futures.add(pool.submit(() -> action.apply(n)));
            Exception first = null;
            for (int i = 0; i < nodes.size(); i++) {
                try {
                    futures.get(i).get();
                } catch (java.util.concurrent.ExecutionException e) {
                    Exception failure = new Exception(what + " on " + nodes.get(i).name() + " failed: " + describe(e.getCause()), e.getCause());
                    if (first == null) first = failure;
                    else first.addSuppressed(failure);
                }
            }
            if (first != null) throw first;
        } finally {
            pool.shutdownNow();
        }
    }

    @FunctionalInterface
    private interface NodeAction {
        Void apply(Node node) throws Exception;
    }

    private static <T> T bounded(String what, Duration limit, Callable<T> action) throws Exception {
        ExecutorService one = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "faultline-" + what.replace(' ', '-'));
            t.setDaemon(true);
            return t;
        });
        try {
            return one.submit(action).get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new TimeoutException(what + " did not finish within " + limit.toSeconds() + " s");
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : new Exception(e.getCause());
        } finally {
            one.shutdownNow();
        }
    }

    private double seconds(long t0) {
        return Math.round((System.nanoTime() - t0) / 1e6) / 1000.0;
    }

    static String describe(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }
}
