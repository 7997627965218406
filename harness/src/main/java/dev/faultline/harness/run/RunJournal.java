package dev.faultline.harness.run;

import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.Op;
import dev.faultline.checkers.result.CheckResult;
import dev.faultline.checkers.result.Validity;
import dev.faultline.harness.spi.TestOptions;
import dev.faultline.results.FaultKind;
import dev.faultline.results.ResultsFile;
import dev.faultline.results.RunDir;
import dev.faultline.results.RunRecord;
import dev.faultline.results.RunRecord.Status;
import dev.faultline.results.RunReports;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What a run writes as it goes: every op to history.jsonl the moment it happens, and test.json (the
 * run record: what was tested, how, the phase timings, and the run's status) at the start, after
 * each phase and at the end. Thread-safe: the run's thread and the shutdown hook both write.
 */
final class RunJournal implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RunJournal.class);

    private final Path runDir;
    private final TestOptions options;
    private final RunSettings settings;
    private final HistoryRecorder recorder;
    private final Reporter reporter;
    private final Map<String, Double> phaseSeconds = new LinkedHashMap<>();
    private final Instant startTime = Instant.now();
    private final RunDir files;
    private final String provisioner;
    private List<String> nodes;
    private List<FaultKind> faults = List.of();
    private Status status = Status.RUNNING;
    private String error;
    private boolean uncheckedEndWritten;

    private RunJournal(Path runDir, TestOptions options, RunSettings settings, String provisioner, HistoryRecorder recorder,
                       Reporter reporter) {
        this.runDir = runDir;
        this.files = RunDir.at(runDir);
        this.provisioner = provisioner;
        this.options = options;
        this.settings = settings;
        this.recorder = recorder;
        this.reporter = reporter == null ? RunReports::write : reporter;
    }

    /** Creates the run directory, opens history.jsonl and writes test.json with status running. */
    static RunJournal open(Path runDir, TestOptions options, RunSettings settings, String provisioner, Reporter reporter)
            throws IOException {
        Files.createDirectories(runDir);
        RunJournal journal = new RunJournal(runDir, options, settings, provisioner,
                new HistoryRecorder(HistorySinks.jsonl(RunDir.at(runDir).history())), reporter);
        journal.write();
        return journal;
    }

    HistoryRecorder recorder() {
        return recorder;
    }

    /** Appends an op unless the history is already closed (the shutdown path); never throws. */
    void recordQuietly(Op op) {
        try {
            if (!recorder.isClosed()) recorder.record(op);
        } catch (RuntimeException e) {
            log.warn("could not record {}: {}", op.f(), e.toString());
        }
    }

    synchronized void nodes(List<String> names) {
        nodes = List.copyOf(names);
        write();
    }

    synchronized void faults(List<FaultKind> declared) {
        faults = List.copyOf(declared);
    }

    synchronized void phaseDone(String phase, long startNanos) {
        phaseSeconds.put(phase, Math.round((System.nanoTime() - startNanos) / 1e6) / 1000.0);
        write();
    }

    /** The final status; the first one set wins (an interrupted run stays interrupted). */
    synchronized void end(Status end, String why) {
        if (status != Status.RUNNING) return;
        status = end;
        error = why;
        write();
    }

    synchronized Status status() {
        return status;
    }

    /** A run that ended before its check: an unknown verdict that says why, and a report of the history so far. */
    synchronized void endUnchecked(Status end, String why) {
        if (uncheckedEndWritten) return;
        uncheckedEndWritten = true;
        end(end, why);
        CheckResult unknown = CheckResult.of("run", Validity.UNKNOWN, "the run " + end.wireName() + ": " + why);
        try {
            ResultsFile.write(files.results(), unknown);
        } catch (Exception e) {
            log.error("cannot write results.json: {}", Runner.describe(e));
        }
        report(history(), unknown);
    }

    /** results.json, report.html, junit.xml and the store index, through the run's {@link Reporter}. */
    void report(History history, CheckResult result) {
        try {
            reporter.report(runDir, history, result, record());
        } catch (Exception e) {
            log.error("writing reports failed: {}", Runner.describe(e), e);
        }
    }

    History history() {
        return recorder.history();
    }

    @Override
    public void close() {
        try {
            recorder.close();
        } catch (IOException e) {
            log.error("closing the history failed: {}", Runner.describe(e));
        }
    }

    /** The run record as test.json holds it. */
    synchronized RunRecord record() {
        HistoryRecorder.Counts counts = recorder.counts();
        String version = Runner.class.getPackage().getImplementationVersion();
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("faultline", version == null ? "dev" : version);
        versions.put("java", System.getProperty("java.version"));
        versions.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        return new RunRecord(options.testName(), status, error, null, options.target(), options.workload(), options.nemeses(),
                nodes, options.nodes(), options.concurrency(), options.timeLimit(), options.nemesisInterval(), options.seed(),
                List.copyOf(new TreeSet<>(options.unsafe())), options.params(), provisioner, settings.clientTimeout(),
                settings.nemesisTimeout(), startTime, status == Status.RUNNING ? null : Instant.now(),
                Collections.unmodifiableMap(new LinkedHashMap<>(phaseSeconds)), versions,
                new RunRecord.OpCounts(counts.invocations(), counts.ok(), counts.fail(), counts.info()), faults,
                settings.targetFile() == null ? null : settings.targetFile().toString(), settings.checks().recorded());
    }

    private void write() {
        try {
            record().write(files.record());
        } catch (RuntimeException e) {
            log.error("cannot write test.json: {}", e.toString());
        }
    }
}
