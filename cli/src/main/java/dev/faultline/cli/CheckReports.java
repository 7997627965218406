package dev.faultline.cli;

import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.JsonlHistoryWriter;
import dev.faultline.checkers.history.Op;
import dev.faultline.checkers.result.CheckResult;
import dev.faultline.results.RunDir;
import dev.faultline.results.RunRecord;
import dev.faultline.results.RunReports;
import dev.faultline.results.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * Where {@code faultline check --report} puts each file's report, and writing it: the same files a
 * run leaves (report.html, results.json, junit.xml, test.json, history.jsonl), the record saying the
 * history was checked from a file.
 */
final class CheckReports {
    private final Path dir;
    private final Path store;
    private final int fileCount;
    private final Set<String> taken = new HashSet<>();

    /**
     * @param dir       the --report DIR, or null for a new run of {@code store} per file
     * @param fileCount how many files are checked: with several, each gets DIR/&lt;file stem&gt;/
     */
    CheckReports(Path dir, Path store, int fileCount) {
        this.dir = dir;
        this.store = store;
        this.fileCount = fileCount;
    }

    /** Writes the report of one checked file; returns its report.html. */
    Path write(Path file, History checked, CheckResult result, String model, Instant start, Instant end) {
        String stem = stem(file);
        Path runDir = directoryFor(stem);
        RunDir run = RunDir.at(runDir);
        if (Files.isRegularFile(run.record()) && RunRecord.read(run.record()).status() != RunRecord.Status.CHECKED) {
            throw new IllegalArgumentException("--report " + runDir + " holds a run (its test.json); choose another DIR, "
                    + "or re-render that run's report with `faultline report " + runDir + "`");
        }
        try {
            Files.createDirectories(runDir);
            if (!sameFile(file, run.history())) {
                // the history as checked (after --independent), so the report's op numbers are the checker's
                try (var w = JsonlHistoryWriter.create(run.history())) {
                    for (Op op : checked) w.append(op);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report of " + file + " into " + runDir + ": " + e.getMessage(), e);
        }
        RunRecord record = RunRecord.checked("check-" + stem, file.toAbsolutePath().normalize(), model, start, end);
        record.write(run.record());
        RunReports.write(runDir, checked, result, record);
        return run.report();
    }

    private Path directoryFor(String stem) {
        if (dir == null) return Store.at(store).newRun("check-" + stem);
        if (fileCount == 1) return dir;
        String name = stem;
        for (int i = 2; !taken.add(name); i++) name = stem + "-" + i;
        return dir.resolve(name);
    }

    /** history.jsonl → history, cas-failure.edn → cas-failure. */
    static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        return stem.isBlank() ? "history" : stem;
    }

    private static boolean sameFile(Path a, Path b) throws IOException {
        return Files.exists(b) && Files.isSameFile(a, b);
    }
}
