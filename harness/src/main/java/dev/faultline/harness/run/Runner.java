package dev.faultline.harness.run;

import dev.faultline.checkers.Checker;
import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.Op;
import dev.faultline.checkers.history.OpType;
import dev.faultline.checkers.result.CheckResult;
import dev.faultline.harness.control.Cluster;
import dev.faultline.harness.control.OnNodes;
import dev.faultline.harness.control.Provisioner;
import dev.faultline.harness.generator.Generator;
import dev.faultline.harness.generator.Generators;
import dev.faultline.harness.spi.ClientFactory;
import dev.faultline.harness.spi.Db;
import dev.faultline.harness.spi.NemesisPackage;
import dev.faultline.harness.spi.Target;
import dev.faultline.harness.spi.TestOptions;
import dev.faultline.harness.spi.Workload;
import dev.faultline.results.FaultKind;
import dev.faultline.results.RunDir;
import dev.faultline.results.RunRecord.Status;
import dev.faultline.results.RunReports;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs one test as a stack of stages, as Jepsen nests {@code with-os}/{@code with-db}/{@code with-nemesis}:
 * provision → install (clean first) → arm the nemesis → main phase → heal → final reads, where each
 * stage that acquired something pushes its undo onto {@link Stages} (release the machines, tear the
 * target down, collect its logs, heal the faults). The stack closes in reverse on every path — a
 * crash, Ctrl-C, a timeout — and the shutdown hook only asks the run to stop and the stack to close.
 * Then the history is checked and the reports written. Every op reaches history.jsonl as it happens,
 * so an interrupted run leaves a checkable history.
 */
public final class Runner {
    private static final Logger log = LoggerFactory.getLogger(Runner.class);
    /** Bounds a target's setup on a node (its own readiness deadlines are shorter). */
    private static final Duration SETUP_LIMIT = Duration.ofMinutes(10);

    /** What to run. {@code reporter} writes results.json and the reports; null for {@link RunReports#write}. */
    public record Spec(TestOptions options, Target target, Workload workload, NemesisPackage nemesis,
                       Provisioner provisioner, Path runDir, RunSettings settings, Reporter reporter) {
    }

    private final Spec spec;
    private final TestOptions options;
    private final RunSettings settings;
    private final long startNanos = System.nanoTime();
    private final Stages stages = new Stages();
    private final CountDownLatch finished = new CountDownLatch(1);

    private volatile boolean stopRequested;
    private volatile String phase = "starting";
    private RunJournal journal;
    private volatile RunContext ctx;
    private HostClockWatch hostClock;

    public Runner(Spec spec) {
        this.spec = spec;
        this.options = spec.options();
        this.settings = spec.settings().forRun(spec.target(), spec.options());
    }

    public RunOutcome run() {
        try (HostClockWatch watch = HostClockWatch.start(startNanos)) {
            hostClock = watch;
            return runWatched();
        }
    }

    private RunOutcome runWatched() {
        try {
            journal = RunJournal.open(spec.runDir(), options, settings, spec.provisioner().name(), spec.reporter());
        } catch (Exception e) {
            finished.countDown();
            return new RunOutcome(spec.runDir(), RunOutcome.Status.CRASHED, null, "cannot create the run directory: " + describe(e));
        }
        Thread hook = new Thread(new ShutdownHook(RunDir.at(spec.runDir()).history(), finished, () -> stopRequested = true, () -> {
            closeStages();
            journal.endUnchecked(Status.INTERRUPTED, "the controller was interrupted; the run did not finish");
        }), "faultline-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        String crash = null;
        try (Progress ignored = settings.progress() ? new Progress(System.err, journal.recorder(), () -> phase, startNanos, 3000) : null) {
            execute();
        } catch (Stages.RunStopped stopped) {
            log.info("stopped in phase {}", phase);
        } catch (Throwable t) {
            crash = describe(t);
            log.error("run crashed in phase {}: {}", phase, crash, t);
        } finally {
            closeStages();
        }
        if (stopRequested) {
            journal.endUnchecked(Status.INTERRUPTED, "the controller was interrupted during the run; history.jsonl holds every op recorded until then");
            finished.countDown();
            return new RunOutcome(spec.runDir(), RunOutcome.Status.INTERRUPTED, null, "interrupted");
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down; the hook finds the run finished
        }
        try {
            if (crash != null) {
                journal.endUnchecked(Status.CRASHED, crash);
                return new RunOutcome(spec.runDir(), RunOutcome.Status.CRASHED, null, crash);
            }
            return check();
        } finally {
            finished.countDown();
        }
    }

    private void execute() throws Exception {
        Target target = spec.target();
        Workload workload = spec.workload();
        NemesisPackage faults = spec.nemesis();
        Provisioner provisioner = spec.provisioner();
        // --leave-db-running: neither the release of the machines nor the target's teardown is pushed.
        if (!settings.leaveRunning()) stages.push("release of the machines", Duration.ofSeconds(60), provisioner::close);
        Db db = target.db(options);
        faults.requireAbilities(target.name(), db);
        journal.faults(faults.faults());

        phase = "setup";
        long t0 = System.nanoTime();
        log.info("provisioning {} node(s)", options.nodes());
        Cluster cluster = provisioner.provision(options.nodes());
        journal.nodes(cluster.names());
        RunContext ctx = new RunContext(options, cluster, db, spec.runDir(), startNanos, settings.clientTimeout());
        this.ctx = ctx;
        if (!settings.leaveRunning()) {
            stages.push("teardown of " + target.name(), Duration.ofSeconds(120),
                    () -> OnNodes.runAll(cluster, Duration.ofSeconds(110), node -> {
                        db.teardown(ctx, node);
                        return "torn down";
                    }).orThrow("teardown"));
        }
        stages.push("log collection", Duration.ofSeconds(120), () -> LogCollector.collect(ctx, db));
        log.info("installing {} on {}", target.name(), cluster.names());
        OnNodes.runAll(cluster, SETUP_LIMIT, node -> {
            db.setup(ctx, node);
            return "installed";
        }).orThrow("setup of " + target.name());
        checkStop();
        FencedNemesis nemesis = new FencedNemesis(faults.nemesis());
        Stages.Stage armed = stages.push("heal of every fault", settings.nemesisTimeout().plusSeconds(60), () -> heal(ctx, nemesis));
        nemesis.setup(ctx);
        journal.phaseDone("setup", t0);
        checkStop();

        ClientFactory clients = target.clients(workload.name(), options);
        try (Interpreter interpreter = new Interpreter(journal.recorder(), options.concurrency(),
                thread -> new ClientWorker(ctx, clients, cluster.nodes().get(thread % cluster.size())),
                new NemesisWorker(ctx, nemesis), options.seed(),
                settings.clientTimeout(), settings.nemesisTimeout(), ctx::nanoTime)) {
            phase = "main";
            t0 = System.nanoTime();
            log.info("main phase: {} for {} s with nemesis {}", workload.name(), options.timeLimit().toSeconds(), faults.name());
            // One quiet interval first, so every run shows the healthy cluster before the first fault.
            Generator faultOps = faults.generator() == null ? Generators.empty()
                    : Generators.seq(Generators.sleep(options.nemesisInterval()), faults.generator());
            Generator main = Generators.timeLimit(options.timeLimit(), Generators.clients(workload.generator(ctx), faultOps));
            interpreter.run(main, options.timeLimit().plus(settings.nemesisTimeout()), () -> stopRequested);
            journal.phaseDone("main", t0);
            checkStop();

            phase = "heal";
            t0 = System.nanoTime();
            if (faults.finalGenerator() != null) {
                interpreter.run(Generators.nemesis(faults.finalGenerator()), settings.nemesisTimeout(), () -> stopRequested);
            }
            armed.closeNow();
            checkStop();
            Recovery.await(ctx, db, settings, () -> stopRequested);
            journal.phaseDone("heal", t0);
            checkStop();

            Generator finalOps = workload.finalGenerator(ctx);
            if (finalOps != null) {
                phase = "final";
                t0 = System.nanoTime();
                interpreter.run(Generators.clients(finalOps), settings.finalTimeLimit(), () -> stopRequested);
                journal.phaseDone("final", t0);
            }
        }
        checkStop();
    }

    private void checkStop() {
        if (stopRequested) throw new Stages.RunStopped();
    }

    /**
     * The final heal, recorded as a nemesis op: no fault op can land after it ({@link FencedNemesis}
     * waits for the one in flight: the nemesis timeout, or 10 s when the run was asked to stop).
     */
    private void heal(RunContext ctx, FencedNemesis nemesis) throws Exception {
        Op invoke = new Op(-1, ctx.nanoTime(), Op.NEMESIS, OpType.INVOKE, FaultKind.HEAL_F, null, null, null);
        journal.recordQuietly(invoke);
        try {
            nemesis.closeAndHeal(ctx, stopRequested ? Duration.ofSeconds(10) : settings.nemesisTimeout());
            journal.recordQuietly(invoke.complete(OpType.INFO, "healed", null).withTime(ctx.nanoTime()));
        } catch (Exception e) {
            journal.recordQuietly(invoke.info("heal-failed: " + describe(e)).withTime(ctx.nanoTime()));
            throw new IllegalStateException("healing the nemesis failed: " + describe(e), e);
        }
    }

    /** Closes every open stage and then the history; safe from both the run's thread and the hook. */
    private void closeStages() {
        hostClock.close(); // the history is complete: steps during teardown and the check concern no op
        boolean first = !stages.isClosed();
        phase = "teardown";
        long t0 = System.nanoTime();
        stages.close();
        if (first) journal.phaseDone("teardown", t0);
        journal.close();
    }

    private RunOutcome check() {
        phase = "check";
        long t0 = System.nanoTime();
        History history;
        CheckResult result;
        try {
            history = journal.history();
            Checker checker = spec.workload().checker(ctx);
            log.info("checking {} ops with {}", history.size(), checker.name());
            result = checker.check(history);
            result = settings.checks().apply(result, history, spec.runDir(),
                    spec.nemesis() == null ? List.of() : spec.nemesis().faults(), spec.target(), hostClock.stop());
        } catch (Throwable t) {
            String reason = "checking failed: " + describe(t);
            log.error(reason, t);
            journal.endUnchecked(Status.CRASHED, reason);
            return new RunOutcome(spec.runDir(), RunOutcome.Status.CRASHED, null, reason);
        }
        journal.phaseDone("check", t0);
        log.info("verdict: {} ({})", result.validity().wireName(), result.summary());
        journal.end(Status.COMPLETED, null);
        journal.report(history, result);
        return new RunOutcome(spec.runDir(), RunOutcome.Status.COMPLETED, result, null);
    }

    static String describe(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }
}
