package dev.faultline.harness.run;

import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.Op;
import dev.faultline.checkers.result.CheckResult;
import dev.faultline.checkers.result.Validity;
import dev.faultline.harness.spi.TestOptions;
import dev.faultline.results.ResultsFile;
import dev.faultline.results.RunReports;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run writes as it goes: every op to history.jsonl the moment it happens, and test.json (the
 * run record: what was tested, how, the phase timings, and the run's status) at the start, after
 * each phase and at the end. Thread-safe: the run's thread and the shutdown hook both write.
 */
final class RunJournal implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RunJournal.class);

    enum Status {
        RUNNING, COMPLETED, CRASHED, INTERRUPTED;

        String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Path runDir;
    private final TestOptions options;
    private final RunSettings settings;
    private final HistoryRecorder recorder;
    private final Reporter reporter;
    private final Map<String, Object> phaseSeconds = new LinkedHashMap<>();
    private final String startTime = Instant.now().toString();
    private List<String> nodes;
    private List<?> faults = List.of();
    private Status status = Status.RUNNING;
    private String error;
    private boolean uncheckedEndWritten;

    private RunJournal(Path runDir, TestOptions options, RunSettings settings, HistoryRecorder recorder, Reporter reporter) {
        this.runDir = runDir;
        this.options = options;
        this.settings = settings;
        this.recorder = recorder;
        this.reporter = reporter == null ? RunReports::write : reporter;
    }

    /** Creates the run directory, opens history.jsonl and writes test.json with status running. */
    static RunJournal open(Path runDir, TestOptions options, RunSettings settings, Reporter reporter) throws IOException {
        Files.createDirectories(runDir);
        RunJournal journal = new RunJournal(runDir, options, settings,
                new HistoryRecorder(HistorySinks.jsonl(runDir.resolve(RunFiles.HISTORY))), reporter);
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

    synchronized void faults(List<?> declared) {
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
            ResultsFile.write(runDir.resolve(RunFiles.RESULTS), unknown);
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
    synchronized Map<String, Object> record() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("name", options.testName());
        r.put("status", status.wireName());
        if (error != null) r.put("error", error);
        r.put("target", options.target());
        r.put("workload", options.workload());
        r.put("nemeses", options.nemeses());
        if (nodes != null) r.put("nodes", nodes);
        r.put("nodeCount", options.nodes());
        r.put("concurrency", options.concurrency());
        r.put("timeLimitSeconds", options.timeLimit().toMillis() / 1000.0);
        r.put("nemesisIntervalSeconds", options.nemesisInterval() == null ? null : options.nemesisInterval().toMillis() / 1000.0);
        r.put("seed", options.seed());
        r.put("unsafe", options.unsafe());
        r.put("params", options.params());
        r.put("interrupted", status == Status.INTERRUPTED);
        Map<String, Object> opts = new LinkedHashMap<>();
        opts.put("nodes", options.nodes());
        opts.put("concurrency", options.concurrency());
        opts.put("timeLimitSeconds", options.timeLimit().toMillis() / 1000.0);
        opts.put("seed", options.seed());
        opts.put("unsafe", options.unsafe());
        opts.put("params", options.params());
        opts.put("clientTimeoutMs", settings.clientTimeout().toMillis());
        opts.put("nemesisTimeoutMs", settings.nemesisTimeout().toMillis());
        r.put("options", opts);
        r.put("faults", faults);
        r.put("startTime", startTime);
        if (status != Status.RUNNING) r.put("endTime", Instant.now().toString());
        r.put("phaseSeconds", new LinkedHashMap<>(phaseSeconds));
        String version = Runner.class.getPackage().getImplementationVersion();
        r.put("versions", Map.of(
                "faultline", version == null ? "dev" : version,
                "java", System.getProperty("java.version"),
                "os", System.getProperty("os.name") + " " + System.getProperty("os.version")));
        r.put("ops", recorder.counts());
        return r;
    }

    private void write() {
        try {
            RunFiles.writeJson(runDir.resolve(RunFiles.TEST), record());
        } catch (RuntimeException e) {
            log.error("cannot write test.json: {}", e.toString());
        }
    }
}
