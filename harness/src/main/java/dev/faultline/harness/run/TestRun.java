package dev.faultline.harness.run;

import dev.faultline.harness.control.KeepableProvisioner;
import dev.faultline.harness.control.Provisioner;
import dev.faultline.harness.generator.Generator;
import dev.faultline.harness.provision.Provisioners;
import dev.faultline.harness.spi.ClientOpTimeout;
import dev.faultline.harness.spi.Db;
import dev.faultline.harness.spi.NemesisFactory;
import dev.faultline.harness.spi.NemesisPackage;
import dev.faultline.harness.spi.NodeRights;
import dev.faultline.harness.spi.Target;
import dev.faultline.harness.spi.TestOptions;
import dev.faultline.harness.spi.Workload;
import dev.faultline.harness.spi.WorkloadFactory;
import dev.faultline.results.RunDir;
import dev.faultline.results.Store;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One run of {@code faultline test}, shared by {@code test} and {@code selftest}: resolve and check
 * the names in the options ({@link #prepare}), then {@link #run} it into a fresh run directory of
 * the store.
 */
public final class TestRun {
    /** Where the nodes come from: {@code docker}, {@code local}, or {@code ssh} with a nodes file. */
    public record Machines(String provisioner, Path nodesFile) {
        public Machines {
            if (!List.of("docker", "local", "ssh").contains(provisioner)) {
                throw new IllegalArgumentException("unknown --provisioner '" + provisioner + "'; known: docker, ssh, local");
            }
            if (provisioner.equals("ssh") && nodesFile == null) {
                throw new IllegalArgumentException("--provisioner ssh needs --nodes-file FILE");
            }
        }

        /** The provisioner, from {@link Provisioners} (which first cleans up after dead runs); the runner closes it. */
        public Provisioner create() {
            return create(Set.of(), null);
        }

        /**
         * @param nodePackages the target's Debian packages, added to the docker node image
         * @param dockerfile   the target's own node image Dockerfile (docker only), or null
         */
        public Provisioner create(Set<String> nodePackages, Path dockerfile) {
            return create(nodePackages, dockerfile, NodeRights.NONE);
        }

        /** As {@link #create(Set, Path)}, with what the run's faults need on the nodes. */
        public Provisioner create(Set<String> nodePackages, Path dockerfile, NodeRights rights) {
            return Provisioners.create(provisioner, dockerfile, nodePackages, rights, nodesFile, null);
        }
    }

    private final TestOptions options;
    private final Target target;
    private final Workload workload;
    private final List<NemesisPackage> packages;
    private final RunChecks checks;
    private final Generator schedule;
    private final Path targetFile;
    private final Duration clientTimeout;

    private TestRun(TestOptions options, Target target, Workload workload, List<NemesisPackage> packages, RunChecks checks,
                    Generator schedule, Path targetFile, Duration clientTimeout) {
        this.options = options;
        this.target = target;
        this.workload = workload;
        this.packages = packages;
        this.checks = checks;
        this.schedule = schedule;
        this.targetFile = targetFile;
        this.clientTimeout = clientTimeout;
    }

    /**
     * Resolves target, workload and nemeses and checks that they fit together and that every
     * {@code --param} key is declared by one of them ({@link ParamCheck}).
     *
     * @throws IllegalArgumentException naming the unknown or unsupported name and the known ones
     */
    public static TestRun prepare(Registry registry, TestOptions options) {
        Target t = registry.target(options.target());
        String workload = options.workload();
        if (!t.workloads().contains(workload)) {
            registry.workload(workload); // an unknown name gets the list of known workloads
            throw new IllegalArgumentException("target " + t.name() + " does not support workload '" + workload
                    + "'; it supports: " + String.join(", ", t.workloads()));
        }
        for (String u : options.unsafe()) {
            if (!t.unsafeSwitches().contains(u)) {
                throw new IllegalArgumentException("target " + t.name() + " has no --unsafe switch '" + u + "'; it has: "
                        + (t.unsafeSwitches().isEmpty() ? "none" : String.join(", ", t.unsafeSwitches())));
            }
        }
        WorkloadFactory wf = registry.workload(workload);
        List<NemesisFactory> nemeses = new ArrayList<>();
        for (String n : options.nemeses()) nemeses.add(registry.nemesis(n));
        ParamCheck.of(registry, t, wf, nemeses).check(options.params().keySet());
        Workload w = wf.create(options);
        Db db = t.db(options);
        List<NemesisPackage> packages = new ArrayList<>();
        for (NemesisFactory n : nemeses) packages.add(n.create(options, db));
        for (NemesisPackage p : packages) p.requireAbilities(t.name(), db);
        // The runner asks again when it starts; a bad param must fail here, before a run directory exists.
        if (t instanceof ClientOpTimeout declared) ClientTimeouts.effective(RunSettings.defaults().clientTimeout(), declared.clientOpTimeout(options));
        return new TestRun(options, t, w, packages, RunChecks.defaults(), null, null, null);
    }

    /** This run with other run-level checks ({@code --log-pattern}, {@code --log-verdict}, {@code --min-availability}). */
    public TestRun withChecks(RunChecks runChecks) {
        return new TestRun(options, target, workload, packages, runChecks, schedule, targetFile, clientTimeout);
    }

    /**
     * This run with {@code mainSchedule} in place of the nemesis packages' main-phase generators
     * (their nemeses, final generators and heal stay): how {@link Replay} repeats a recorded schedule.
     */
    public TestRun withNemesisSchedule(Generator mainSchedule) {
        return new TestRun(options, target, workload, packages, checks, mainSchedule, targetFile, clientTimeout);
    }

    /** This run recording that its target was read from {@code file} ({@code --target-file}), so a replay reads it again. */
    public TestRun withTargetFile(Path file) {
        return new TestRun(options, target, workload, packages, checks, schedule, file == null ? null : file.toAbsolutePath().normalize(), clientTimeout);
    }

    /**
     * This run with {@code timeout} as its client timeout whatever the target declares
     * ({@code --client-timeout}, a replay's recorded one); null: the run default raised to the target's
     * {@link dev.faultline.harness.spi.ClientOpTimeout} ({@link RunSettings#forRun}).
     */
    public TestRun withClientTimeout(Duration timeout) {
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("the client timeout must be positive, was " + timeout);
        }
        return new TestRun(options, target, workload, packages, checks, schedule, targetFile, timeout);
    }

    /** The client timeout chosen for this run, or null (derived from the target). */
    public Duration clientTimeout() {
        return clientTimeout;
    }

    /** The run-level checks this run makes. */
    public RunChecks checks() {
        return checks;
    }

    /** The target file the target was read from, absolute, or null. */
    public Path targetFile() {
        return targetFile;
    }

    public TestOptions options() {
        return options;
    }

    /**
     * Runs the test into a new run directory of {@code store} (its log in faultline.log there). A
     * provisioner that cannot be created is a crash of the run.
     */
    public RunOutcome run(Path store, Machines machines, boolean progress, PrintWriter err) {
        return run(store, machines, progress, false, err);
    }

    /**
     * As {@link #run(Path, Machines, boolean, PrintWriter)}; with {@code leaveRunning} the cluster stays up
     * after the run (faults healed, logs collected, the target not torn down, the machines kept from any
     * later cleanup) and {@code err} gets the commands to reach and to remove it. Only provisioners that
     * can keep their machines ({@link KeepableProvisioner}: docker) accept it.
     */
    public RunOutcome run(Path store, Machines machines, boolean progress, boolean leaveRunning, PrintWriter err) {
        Path runDir = Store.at(store).newRun(options.testName());
        err.println("faultline: run " + runDir + " (seed " + options.seed() + ")");
        err.flush();
        try (RunLog ignored = RunLog.attach(RunDir.at(runDir).log())) {
            NemesisPackage nemesis = CombinedNemesis.combine(packages);
            if (schedule != null) nemesis = nemesis.withGenerator(schedule);
            Provisioner p;
            try {
                p = machines.create(target.nodePackages(), target.nodeDockerfile().orElse(null), nemesis.nodeRights());
            } catch (RuntimeException e) {
                return new RunOutcome(runDir, RunOutcome.Status.CRASHED, null,
                        "cannot create the " + machines.provisioner() + " provisioner: " + e.getMessage());
            }
            KeepableProvisioner kept = null;
            if (leaveRunning) {
                if (!(p instanceof KeepableProvisioner k)) {
                    p.close();
                    return new RunOutcome(runDir, RunOutcome.Status.CRASHED, null,
                            "--leave-db-running needs the docker provisioner (the " + machines.provisioner() + " provisioner cannot keep its nodes)");
                }
                k.keep();
                kept = k;
            }
            RunSettings settings = RunSettings.defaults()
                    .withProgress(progress)
                    .withChecks(checks)
                    .withLeaveRunning(leaveRunning)
                    .withTargetFile(targetFile);
            if (clientTimeout != null) settings = settings.withClientTimeout(clientTimeout);
            RunOutcome outcome = new Runner(new Runner.Spec(options, target, workload, nemesis, p, runDir,
                    settings, null)).run();
            if (kept != null && !kept.reachCommands().isEmpty()) {
                err.println("faultline: --leave-db-running: the cluster is still up (faults healed, " + target.name() + " running). Reach the nodes:");
                kept.reachCommands().forEach(c -> err.println("  " + c));
                err.println("Remove it (no later run does):");
                kept.teardownCommands().forEach(c -> err.println("  " + c));
                err.flush();
            }
            return outcome;
        }
    }
}
