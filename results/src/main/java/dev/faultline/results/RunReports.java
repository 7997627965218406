package dev.faultline.results;

import dev.faultline.checkers.history.History;
import dev.faultline.checkers.result.CheckResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Writes everything a finished run leaves behind besides its history and logs. */
public final class RunReports {
    private RunReports() {}

    /**
     * Writes results.json, report.html and junit.xml into {@code runDir} (and test.json if the runner
     * has not, and history.jsonl if it is missing), then regenerates the store index
     * ({@code runDir/../../index.html}) when {@code runDir} is a store run (named by {@link Store#newRun}).
     *
     * @param testInfo what test.json holds: name, target, workload, nemeses, options, seed, versions,
     *                 start/end time, interrupted flag
     */
    public static void write(Path runDir, History history, CheckResult result, Map<String, Object> testInfo) {
        TestInfo info = TestInfo.of(testInfo);
        try {
            Files.createDirectories(runDir);
            Path testJson = runDir.resolve("test.json");
            if (!Files.exists(testJson)) {
                AtomicFiles.write(testJson, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(info.raw()));
            }
            Path historyJsonl = runDir.resolve("history.jsonl");
            if (!Files.exists(historyJsonl)) {
                // e.g. `faultline check` on an imported history: keep a copy the report can link to
                try (var w = dev.faultline.checkers.history.JsonlHistoryWriter.create(historyJsonl)) {
                    for (dev.faultline.checkers.history.Op op : history) w.append(op);
                }
            }
            ResultsFile.write(runDir.resolve("results.json"), result);
            AtomicFiles.write(runDir.resolve("report.html"), ReportPage.render(runDir, history, result, info));
            AtomicFiles.write(runDir.resolve("junit.xml"), JunitReport.render(result, info, runDir.getFileName().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the reports of " + runDir + ": " + e.getMessage(), e);
        }
        if (isStoreRun(runDir)) storeOf(runDir).updateIndex();
    }

    /** Whether {@code runDir} is named like a store run ({@code <store>/<test>/<yyyyMMdd'T'HHmmss.SSS>}). */
    static boolean isStoreRun(Path runDir) {
        Path abs = runDir.toAbsolutePath().normalize();
        return abs.getFileName() != null && RUN_NAME.matcher(abs.getFileName().toString()).matches()
                && abs.getParent() != null && abs.getParent().getParent() != null;
    }

    private static final java.util.regex.Pattern RUN_NAME = java.util.regex.Pattern.compile("\\d{8}T\\d{6}\\.\\d{3}");

    /** Re-renders report.html and junit.xml of a stored run from its history.jsonl, results.json and test.json. */
    public static void rerender(Path runDir) {
        Path historyFile = runDir.resolve("history.jsonl");
        Path resultsFile = runDir.resolve("results.json");
        for (Path p : new Path[] {historyFile, resultsFile}) {
            if (!Files.isRegularFile(p)) throw new IllegalArgumentException(p + ": missing; is " + runDir + " a run directory?");
        }
        History history = dev.faultline.checkers.history.JsonlHistory.read(historyFile);
        CheckResult result = ResultsFile.read(resultsFile);
        Map<String, Object> testInfo = Map.of();
        Path testJson = runDir.resolve("test.json");
        if (Files.isRegularFile(testJson)) {
            try {
                testInfo = Json.mapper().readValue(testJson.toFile(), Json.mapper().getTypeFactory()
                        .constructMapType(java.util.LinkedHashMap.class, String.class, Object.class));
            } catch (IOException e) {
                throw new IllegalArgumentException(testJson + ": not a JSON object: " + e.getMessage(), e);
            }
        }
        write(runDir, history, result, testInfo);
    }

    static Store storeOf(Path runDir) {
        Path abs = runDir.toAbsolutePath().normalize();
        Path testDir = abs.getParent();
        Path root = testDir == null ? null : testDir.getParent();
        if (root == null) throw new IllegalArgumentException(runDir + " is not inside a store (expected <store>/<test>/<run>)");
        return Store.at(root);
    }
}
