package dev.faultline.junit;

import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.JsonlHistory;
import dev.faultline.checkers.result.Validity;
import dev.faultline.harness.run.Registry;
import dev.faultline.results.RunDir;
import dev.faultline.harness.run.RunOutcome;
import dev.faultline.harness.run.TestRun;
import dev.faultline.harness.spi.NemesisFactory;
import dev.faultline.harness.spi.Target;
import dev.faultline.harness.spi.TestOptions;
import dev.faultline.harness.spi.WorkloadFactory;
import dev.faultline.results.ResultText;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * One Faultline run from a test, in the style of Testcontainers: say what to test, {@link #run()},
 * assert on the {@link FaultlineResult} with {@link FaultlineAssertions}. The run is the same as
 * {@code faultline test} with the same options: nodes from the provisioner, the target installed,
 * clients and faults for the time limit, the history checked, and a run directory with report.html
 * in the store ({@code target/faultline} by default).
 *
 * <pre>{@code
 * FaultlineResult result = FaultlineTest.target(new MyTarget())
 *         .workload("register").nemesis("partition", "kill")
 *         .nodes(3).timeLimit(Duration.ofSeconds(20)).seed(7)
 *         .run();
 * FaultlineAssertions.assertThat(result).isValid();
 * }</pre>
 *
 * Targets, workloads and nemeses are given as instances, or by name: names are looked up with
 * {@link java.util.ServiceLoader} on the test's class path (the built-in workloads and nemeses are
 * there through this module's dependencies). An instance replaces a class-path one of the same name.
 */
public final class FaultlineTest {
    private final String targetName;
    private final Target target;
    private String workloadName;
    private WorkloadFactory workload;
    private final List<String> nemeses = new ArrayList<>();
    private final List<NemesisFactory> nemesisFactories = new ArrayList<>();
    private int nodes = 3;
    private int concurrency = 5;
    private Duration timeLimit = Duration.ofSeconds(20);
    private Duration nemesisInterval = Duration.ofSeconds(5);
    private Long seed;
    private final Set<String> unsafe = new LinkedHashSet<>();
    private final Map<String, String> params = new LinkedHashMap<>();
    private String provisioner = "docker";
    private Path nodesFile;
    private Path store = Path.of("target", "faultline");
    private String testName;
    private boolean progress;
    private PrintWriter log = new PrintWriter(System.err, true);

    private FaultlineTest(String targetName, Target target) {
        this.targetName = targetName;
        this.target = target;
    }

    /** Tests this target instance (no {@code META-INF/services} registration needed). */
    public static FaultlineTest target(Target target) {
        Objects.requireNonNull(target, "target");
        return new FaultlineTest(target.name(), target);
    }

    /** Tests the target of this name on the class path. */
    public static FaultlineTest target(String name) {
        Objects.requireNonNull(name, "target name");
        return new FaultlineTest(name, null);
    }

    /** The workload of this name (e.g. {@code register}, {@code bank}, {@code lock}); the target must support it. */
    public FaultlineTest workload(String name) {
        this.workloadName = Objects.requireNonNull(name, "workload name");
        this.workload = null;
        return this;
    }

    /** A workload of your own; the target must list its name among its workloads. */
    public FaultlineTest workload(WorkloadFactory factory) {
        this.workload = Objects.requireNonNull(factory, "workload");
        this.workloadName = factory.name();
        return this;
    }

    /** Adds faults by name (e.g. {@code partition}, {@code kill}, {@code pause}, {@code clock}, {@code packet}); none by default. */
    public FaultlineTest nemesis(String... names) {
        for (String n : names) nemeses.add(Objects.requireNonNull(n, "nemesis name"));
        return this;
    }

    /** Adds a nemesis of your own. */
    public FaultlineTest nemesis(NemesisFactory factory) {
        nemesisFactories.add(Objects.requireNonNull(factory, "nemesis"));
        nemeses.add(factory.name());
        return this;
    }

    /** Cluster size; 3 by default. */
    public FaultlineTest nodes(int count) {
        if (count < 1) throw new IllegalArgumentException("nodes must be at least 1, was " + count);
        this.nodes = count;
        return this;
    }

    /** Client workers; 5 by default. */
    public FaultlineTest concurrency(int workers) {
        if (workers < 1) throw new IllegalArgumentException("concurrency must be at least 1, was " + workers);
        this.concurrency = workers;
        return this;
    }

    /** Length of the main phase (clients and faults); 20 s by default. */
    public FaultlineTest timeLimit(Duration limit) {
        if (limit == null || limit.isNegative() || limit.isZero()) throw new IllegalArgumentException("timeLimit must be positive, was " + limit);
        this.timeLimit = limit;
        return this;
    }

    /** Mean time between fault starts and stops; 5 s by default. */
    public FaultlineTest nemesisInterval(Duration interval) {
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("nemesisInterval must be positive, was " + interval);
        }
        this.nemesisInterval = interval;
        return this;
    }

    /** Seed of the op and fault schedule; random by default (the result and test.json record it). */
    public FaultlineTest seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Switches on planted bugs of the target ({@link Target#unsafeSwitches()}). */
    public FaultlineTest unsafe(String... switches) {
        unsafe.addAll(List.of(switches));
        return this;
    }

    /** A target, workload or nemesis parameter, like {@code --param key=value}. */
    public FaultlineTest param(String key, String value) {
        params.put(Objects.requireNonNull(key, "param key"), Objects.requireNonNull(value, "value of param " + key));
        return this;
    }

    /** Where the nodes run: {@code docker} (the default: containers, every fault), {@code local} (processes on this machine, no network faults) or {@code ssh}. */
    public FaultlineTest provisioner(String name) {
        this.provisioner = Objects.requireNonNull(name, "provisioner");
        return this;
    }

    /** The nodes of {@code provisioner("ssh")}: a YAML list of hosts (docs/provisioning.md). */
    public FaultlineTest nodesFile(Path file) {
        this.nodesFile = file;
        return this;
    }

    /** Where runs are stored; {@code target/faultline} by default. */
    public FaultlineTest store(Path dir) {
        this.store = Objects.requireNonNull(dir, "store");
        return this;
    }

    /** The test's name in the store; TARGET-WORKLOAD by default. */
    public FaultlineTest testName(String name) {
        this.testName = name;
        return this;
    }

    /** Print the run's progress line; off by default. */
    public FaultlineTest progress(boolean on) {
        this.progress = on;
        return this;
    }

    /** Where the run's one-line notices go (run directory, crash reasons); standard error by default. */
    public FaultlineTest log(PrintWriter out) {
        this.log = Objects.requireNonNull(out, "log");
        return this;
    }

    /** The options of the run as {@code faultline test} would have them (a random seed is drawn here if none was set). */
    public TestOptions options() {
        if (workloadName == null) throw new IllegalStateException("no workload: call .workload(NAME) before .run()");
        long s = seed != null ? seed : new SecureRandom().nextLong() & Long.MAX_VALUE;
        return new TestOptions(testName != null ? testName : targetName + "-" + workloadName, targetName, workloadName, nemeses,
                nodes, concurrency, timeLimit, nemesisInterval, s, unsafe, params);
    }

    /**
     * Runs the test and waits for its verdict.
     *
     * @throws IllegalArgumentException if the names or options do not fit together (unknown name, a
     *                                  workload the target lacks, a fault it cannot suffer), before anything starts
     */
    public FaultlineResult run() {
        TestOptions options = options();
        TestRun run = TestRun.prepare(registry(), options);
        TestRun.Machines machines = new TestRun.Machines(provisioner, nodesFile);
        RunOutcome outcome = run.run(store, machines, progress, log);
        return result(outcome, options.seed());
    }

    /** The class-path registry with this test's instances put in place of same-named ones. */
    private Registry registry() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        Registry found = Registry.load(loader != null ? loader : FaultlineTest.class.getClassLoader());
        List<WorkloadFactory> workloads = workload == null ? List.of() : List.of(workload);
        return new Registry(merged(found.targets(), target == null ? List.of() : List.of(target), Target::name),
                merged(found.workloads(), workloads, WorkloadFactory::name),
                merged(found.nemeses(), nemesisFactories, NemesisFactory::name));
    }

    private static <T> List<T> merged(Map<String, T> found, List<T> given, Function<T, String> name) {
        Map<String, T> out = new LinkedHashMap<>(found);
        for (T t : given) out.put(name.apply(t), t);
        return new ArrayList<>(out.values());
    }

    static FaultlineResult result(RunOutcome outcome, long seed) {
        Path runDir = outcome.runDir();
        Path report = runDir.resolve("report.html");
        if (outcome.status() != RunOutcome.Status.COMPLETED || outcome.result() == null) {
            String why = outcome.error() != null ? outcome.error() : "the run was " + outcome.status().wireName();
            return new FaultlineResult(outcome.status(), Validity.UNKNOWN, why, List.of(), List.of(), runDir, report, seed,
                    outcome.result(), outcome.error());
        }
        List<String> counterexamples = List.of();
        Path historyFile = RunDir.at(runDir).history();
        if (outcome.result().validity() == Validity.INVALID && Files.isRegularFile(historyFile)) {
            History history = JsonlHistory.read(historyFile);
            counterexamples = ResultText.counterexamples(outcome.result(), history);
        }
        return new FaultlineResult(outcome.status(), outcome.result().validity(), outcome.result().summary(),
                ResultText.anomalies(outcome.result()), counterexamples, runDir, report, seed, outcome.result(), null);
    }
}
