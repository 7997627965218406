package dev.faultline.cli;

import dev.faultline.checkers.result.CheckResult;
import dev.faultline.checkers.result.Validity;
import dev.faultline.harness.run.Replay;
import dev.faultline.results.RecordedSchedule;
import dev.faultline.results.HostClock;
import dev.faultline.results.ReplayMatch;
import dev.faultline.results.RunRecord;
import dev.faultline.harness.run.Registry;
import dev.faultline.harness.run.RunChecks;
import dev.faultline.harness.run.TestRun;
import dev.faultline.harness.run.RunOutcome;
import dev.faultline.harness.spi.TestOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

import java.io.IOException;
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
import java.util.concurrent.Callable;

/**
 * {@code faultline test}: one run against a real cluster. Exit code 0 valid, 1 invalid,
 * 2 unknown, 3 the run crashed or the options are wrong (reason on stderr and in the store).
 */
@Command(name = "test", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run a test: provision nodes, install the target, run clients and faults, check the history.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:valid", "1:invalid (the checker found a violation)", "2:unknown (the checker gave up)",
                "3:the run crashed or the options are wrong"})
public final class TestCommand implements Callable<Integer> {
    @Option(names = "--target", description = "System under test (see `faultline list`).")
    String target;

    @Option(names = "--target-file", paramLabel = "FILE",
            description = "System under test described by a target file (docs/targets.md), instead of --target.")
    Path targetFile;

    @Option(names = "--workload", description = "What the clients do and how it is checked (required unless --replay).")
    String workload;

    @Option(names = "--nemesis", split = ",", defaultValue = "none",
            description = "Faults, comma-separated (e.g. partition,kill), or none. Default: ${DEFAULT-VALUE}.")
    List<String> nemeses = new ArrayList<>();

    @Option(names = "--nodes", defaultValue = "5", description = "Cluster size. Default: ${DEFAULT-VALUE}.")
    int nodes;

    @Option(names = "--concurrency", defaultValue = "10", description = "Client workers. Default: ${DEFAULT-VALUE}.")
    int concurrency;

    @Option(names = "--time-limit", defaultValue = "60", description = "Seconds of the main phase. Default: ${DEFAULT-VALUE}.")
    double timeLimit;

    @Option(names = "--nemesis-interval", defaultValue = "5",
            description = "Mean seconds between fault starts and stops. Default: ${DEFAULT-VALUE}.")
    double nemesisInterval;

    @Option(names = "--seed", description = "Random seed for the generators (default: random; written to test.json).")
    Long seed;

    @Option(names = "--unsafe", split = ",", description = "Planted bug of the target to switch on (repeatable).")
    List<String> unsafe = new ArrayList<>();

    @Option(names = "--provisioner", defaultValue = "docker",
            description = "Where the nodes run: docker, ssh (with --nodes-file) or local. Default: ${DEFAULT-VALUE}.")
    String provisioner;

    @Option(names = "--nodes-file", description = "YAML list of SSH hosts (for --provisioner ssh).")
    Path nodesFile;

    @Option(names = "--store", defaultValue = "store", description = "Where runs are stored. Default: ${DEFAULT-VALUE}.")
    Path store;

    @Option(names = "--test-name", description = "Name of the test in the store (default: TARGET-WORKLOAD).")
    String testName;

    @Option(names = "--param", paramLabel = "K=V",
            description = "A parameter of the target, workload or a nemesis (repeatable); undeclared keys are refused. `faultline list [NAME]` shows every key with its default and meaning.")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--log-pattern", paramLabel = "REGEX",
            description = "A failure pattern to search the collected node logs for, besides the target's (repeatable); a match makes the run invalid.")
    List<String> logPatterns = new ArrayList<>();

    @Option(names = "--log-verdict", defaultValue = "invalid", paramLabel = "invalid|unknown",
            description = "What a log-pattern match makes the run. Default: ${DEFAULT-VALUE}.")
    String logVerdict;

    @Option(names = "--min-availability", paramLabel = "F",
            description = "The run is invalid if less than this share (0..1) of client ops completed ok.")
    Double minAvailability;

    @Option(names = "--client-timeout", paramLabel = "SECONDS", converter = Durations.Positive.class,
            description = "How long a client op may go unanswered before it is recorded as info and its worker replaced "
                    + "(a number of seconds, or 500ms, 2m). Default: 10 s, or longer when the target declares longer ops "
                    + "(a target file's clients.timeout plus a quarter); with --replay, the recorded run's.")
    Duration clientTimeout;

    @Option(names = "--no-progress", description = "Do not print the progress line.")
    boolean noProgress;

    @Option(names = "--test-count", defaultValue = "1", paramLabel = "N",
            description = "Run the test N times (a fresh cluster each, seeds S, S+1, ...); one JUnit suite with a case per run. Default: ${DEFAULT-VALUE}.")
    int testCount;

    @Option(names = "--fail-fast", description = "With --test-count: stop after the first invalid run.")
    boolean failFast;

    @Option(names = "--leave-db-running",
            description = "Keep the cluster up after the run (faults healed, logs collected, the target still running) and print how to reach and remove it. Docker only; not with --test-count.")
    boolean leaveRunning;

    @Option(names = "--replay", paramLabel = "RUN_DIR",
            description = "Repeat a run: its options and seed (RUN_DIR/test.json) and the nemesis ops it carried out, each at its recorded offset "
                    + "(RUN_DIR/history.jsonl). The results say how closely the replay followed. Takes no option that defines a run.")
    Path replay;

    @Mixin
    PluginOptions plugins = new PluginOptions();

    @Spec
    CommandSpec spec;

    /** What a replay takes from the recorded run; giving one of them with --replay is an error. */
    static final List<String> RUN_DEFINING = List.of("--target", "--workload", "--nemesis", "--nodes", "--concurrency",
            "--time-limit", "--nemesis-interval", "--seed", "--unsafe", "--param", "--test-count", "--fail-fast");

    @Override
    public Integer call() {
        TestRun run;
        TestRun.Machines machines;
        Registry registry;
        try {
            if (replay != null) {
                RecordedSchedule recorded = replayed();
                registry = plugins.registry(); // not used again: a replay is one run (--test-count is refused)
                run = replayRun(registry, recorded);
                System.err.println("faultline test: replaying " + replay + ": " + recorded.faults().size()
                        + " nemesis op(s) at their recorded offsets, seed " + recorded.record().seed());
            } else {
                if (workload == null) throw new IllegalArgumentException("--workload is required (or --replay RUN_DIR)");
                TargetFiles.Choice choice = TargetFiles.choose(plugins.registry(), target, targetFile);
                target = choice.target();
                registry = choice.registry();
                run = TestRun.prepare(registry, options()).withChecks(checks()).withTargetFile(targetFile).withClientTimeout(clientTimeout);
            }
            machines = new TestRun.Machines(provisioner, nodesFile);
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("faultline test: " + e.getMessage());
            return ExitCodes.CRASH;
        }
        if (testCount == 1) {
            RunOutcome outcome = run.run(store, machines, !noProgress, leaveRunning, new PrintWriter(System.err, true));
            report(outcome);
            if (replay != null) reportReplay(outcome);
            return outcome.exitCode();
        }
        return runRepeatedly(registry, run, machines);
    }

    /** {@code --test-count N}: runs with seeds S, S+1, ...; the summary line, one JUnit suite, the worst exit code. */
    private int runRepeatedly(Registry registry, TestRun first, TestRun.Machines machines) {
        TestOptions base = first.options();
        RepeatedRuns runs = new RepeatedRuns(base.testName());
        for (int i = 0; i < testCount; i++) {
            TestOptions o = base.withSeed(base.seed() + i);
            TestRun run = i == 0 ? first
                    : TestRun.prepare(registry, o).withChecks(checks()).withTargetFile(first.targetFile()).withClientTimeout(clientTimeout);
            System.err.println("faultline test: run " + (i + 1) + " of " + testCount + " (seed " + o.seed() + ")");
            RunOutcome outcome = run.run(store, machines, !noProgress, new PrintWriter(System.err, true));
            report(outcome);
            runs.add(o.seed(), outcome);
            if (outcome.status() == RunOutcome.Status.INTERRUPTED) break;
            if (failFast && outcome.status() == RunOutcome.Status.COMPLETED
                    && outcome.result().validity() == Validity.INVALID) {
                System.err.println("faultline test: --fail-fast: stopping after the first invalid run");
                break;
            }
        }
        Path junit = store.resolve(base.testName()).resolve("junit-" + base.seed() + "-x" + runs.entries().size() + ".xml");
        try {
            runs.writeJunit(junit);
        } catch (IOException e) {
            System.err.println("faultline test: cannot write " + junit + ": " + e.getMessage());
        }
        System.out.println(runs.summary() + "\njunit: " + junit);
        return runs.exitCode();
    }

    private void report(RunOutcome outcome) {
        switch (outcome.status()) {
            case COMPLETED -> {
                System.out.println(outcome.result().validity().wireName() + ": " + outcome.result().summary()
                        + "\nrun: " + outcome.runDir());
                HostClock clock = HostClock.in(outcome.result());
                if (clock != null && clock.warning() != null) System.out.println(clock.warning());
            }
            case CRASHED -> {
                System.err.println("faultline test: the run crashed: " + outcome.error());
                System.out.println("crashed\nrun: " + outcome.runDir());
            }
            case INTERRUPTED -> System.out.println("interrupted\nrun: " + outcome.runDir());
        }
    }

    /** The recorded schedule of {@code --replay}, after checking that no run-defining option was given. */
    RecordedSchedule replayed() {
        List<String> given = new ArrayList<>();
        for (String o : RUN_DEFINING) if (matched(o)) given.add(o);
        if (!given.isEmpty()) {
            throw new IllegalArgumentException("--replay takes the run's options from " + replay.resolve("test.json")
                    + "; do not give " + String.join(", ", given));
        }
        if (leaveRunning) throw new IllegalArgumentException("--leave-db-running is not available with --replay");
        return RecordedSchedule.read(replay);
    }

    /**
     * The run {@code --replay} makes: the recorded target (from the recorded target file unless
     * {@code --target-file} gives it, which must describe the same target), options, seed, schedule,
     * run-level checks and client timeout (unless {@code --client-timeout} gives another).
     */
    TestRun replayRun(Registry registry, RecordedSchedule recorded) {
        RunRecord r = recorded.record();
        Path file = replayTargetFile(r);
        TargetFiles.Choice choice = TargetFiles.choose(registry, file == null ? r.target() : null, file);
        if (!choice.target().equals(r.target())) {
            throw new IllegalArgumentException((targetFile != null ? "--target-file " : "the recorded target file ") + file
                    + " describes target " + choice.target() + ", but the run to replay tested " + r.target());
        }
        TestRun run = Replay.prepare(choice.registry(), recorded, replayChecks(r), testName).withTargetFile(file);
        return clientTimeout == null ? run : run.withClientTimeout(clientTimeout);
    }

    /** {@code --target-file}, else the file the recorded run read its target from (it must still be there), else null. */
    Path replayTargetFile(RunRecord r) {
        if (targetFile != null || r.targetFile() == null) return targetFile;
        Path recordedFile = Path.of(r.targetFile());
        if (!Files.isRegularFile(recordedFile)) {
            throw new IllegalArgumentException(replay.resolve("test.json") + ": the run read its target " + r.target() + " from "
                    + recordedFile + ", which is not there any more; give --target-file FILE (a file describing " + r.target() + ")");
        }
        return recordedFile;
    }

    /**
     * The recorded run's checks; a {@code --log-pattern}, {@code --log-verdict} or {@code --min-availability}
     * that differs from them is an error. A test.json older than recorded checks takes them from the options.
     */
    RunChecks replayChecks(RunRecord r) {
        RunChecks given = checks();
        RunChecks recorded;
        try {
            recorded = RunChecks.of(r.checks());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(replay.resolve("test.json") + ": field checks: " + e.getMessage(), e);
        }
        if (recorded == null) return given;
        List<String> differ = new ArrayList<>();
        if (matched("--log-pattern") && !given.logPatterns().equals(recorded.logPatterns())) {
            differ.add("--log-pattern (the run had " + (recorded.logPatterns().isEmpty() ? "none" : String.join(", ", recorded.logPatterns())) + ")");
        }
        if (matched("--log-verdict") && given.logVerdict() != recorded.logVerdict()) {
            differ.add("--log-verdict (the run had " + recorded.logVerdict().wireName() + ")");
        }
        if (matched("--min-availability") && !Objects.equals(given.minAvailability(), recorded.minAvailability())) {
            differ.add("--min-availability (the run had " + (recorded.minAvailability() == null ? "none" : recorded.minAvailability()) + ")");
        }
        if (!differ.isEmpty()) {
            throw new IllegalArgumentException("--replay makes the checks recorded in " + replay.resolve("test.json")
                    + "; do not give a different " + String.join(", ", differ));
        }
        return recorded;
    }

    private boolean matched(String option) {
        return spec != null && spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    private static void reportReplay(RunOutcome outcome) {
        if (outcome.result() == null) return;
        for (CheckResult c : outcome.result().children()) {
            if (c.checker().equals(ReplayMatch.CHECKER)) System.out.println("replay: " + c.summary());
        }
    }

    RunChecks checks() {
        return new RunChecks(logPatterns, RunChecks.logVerdict(logVerdict), minAvailability);
    }

    TestOptions options() {
        if (testCount < 1) throw new IllegalArgumentException("--test-count must be at least 1, was " + testCount);
        if (leaveRunning && testCount > 1) throw new IllegalArgumentException("--leave-db-running keeps one cluster: not with --test-count " + testCount);
        if (leaveRunning && !provisioner.equals("docker")) {
            throw new IllegalArgumentException("--leave-db-running needs --provisioner docker (the " + provisioner + " provisioner cannot keep its nodes)");
        }
        if (nodes < 1) throw new IllegalArgumentException("--nodes must be at least 1, was " + nodes);
        if (concurrency < 1) throw new IllegalArgumentException("--concurrency must be at least 1, was " + concurrency);
        if (!(timeLimit > 0)) throw new IllegalArgumentException("--time-limit must be positive, was " + timeLimit);
        if (!(nemesisInterval > 0)) throw new IllegalArgumentException("--nemesis-interval must be positive, was " + nemesisInterval);
        List<String> faults = new ArrayList<>();
        for (String n : nemeses) {
            String s = n.strip();
            if (!s.isEmpty() && !s.equals("none")) faults.add(s);
        }
        Set<String> unsafeNames = new LinkedHashSet<>();
        for (String u : unsafe) if (!u.isBlank()) unsafeNames.add(u.strip());
        long s = seed != null ? seed : new SecureRandom().nextLong() & Long.MAX_VALUE;
        return new TestOptions(testName != null ? testName : target + "-" + workload, target, workload, faults, nodes,
                concurrency, Duration.ofMillis((long) (timeLimit * 1000)), Duration.ofMillis((long) (nemesisInterval * 1000)),
                s, unsafeNames, params);
    }
}
