package dev.faultline.results;

import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.JsonlHistory;
import dev.faultline.checkers.history.JsonlHistoryWriter;
import dev.faultline.checkers.history.Op;
import dev.faultline.checkers.result.CheckResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes everything a finished run leaves behind besides its history and logs. */
public final class RunReports {
    private RunReports() {}

    /**
     * Writes results.json, report.html and junit.xml into {@code runDir} (and test.json from
     * {@code record} if the runner has not, and history.jsonl if it is missing), then regenerates the
     * store index when {@code runDir} is a store run ({@link Store#of(Path)}).
     */
    public static void write(Path runDir, History history, CheckResult result, RunRecord record) {
        RunDir dir = RunDir.at(runDir);
        try {
            Files.createDirectories(runDir);
            if (!Files.exists(dir.record())) record.write(dir.record());
            if (!Files.exists(dir.history())) {
                // e.g. `faultline check --report` on an imported history: keep a copy the report can link to
                try (var w = JsonlHistoryWriter.create(dir.history())) {
                    for (Op op : history) w.append(op);
                }
            }
            ResultsFile.write(dir.results(), result);
            AtomicFiles.write(dir.report(), ReportPage.render(runDir, history, result, record));
            AtomicFiles.write(dir.junit(), JunitReport.render(result, record, dir.name()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the reports of " + runDir + ": " + e.getMessage(), e);
        }
        Store.of(runDir).ifPresent(Store::updateIndex);
    }

    /** Re-renders report.html and junit.xml of a stored run from its history.jsonl, results.json and test.json. */
    public static void rerender(Path runDir) {
        RunDir dir = RunDir.at(runDir);
        for (Path p : new Path[] {dir.history(), dir.results()}) {
            if (!Files.isRegularFile(p)) throw new IllegalArgumentException(p + ": missing; is " + runDir + " a run directory?");
        }
        History history = JsonlHistory.read(dir.history());
        CheckResult result = ResultsFile.read(dir.results());
        RunRecord record = Files.isRegularFile(dir.record()) ? RunRecord.read(dir.record()) : RunRecord.named("");
        write(runDir, history, result, record);
    }
}
