package dev.faultline.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * One row of the runs index.
 *
 * @param path     the run directory relative to the store root, with '/' separators
 * @param verdict  valid, invalid, unknown, or "incomplete" when results.json is missing or unreadable
 * @param status   the record's status from test.json (running, completed, crashed, interrupted, checked), or ""
 */
public record RunSummary(String testName, String runId, String path, String verdict, String summary, String target,
        String workload, List<String> nemeses, Duration duration, String status, boolean hasReport, List<String> unsafe) {
    public RunSummary {
        unsafe = unsafe == null ? List.of() : List.copyOf(unsafe);
    }

    public static final Comparator<RunSummary> NEWEST_FIRST =
            Comparator.comparing(RunSummary::runId).thenComparing(RunSummary::testName).reversed();

    static List<RunSummary> scan(Path root) {
        List<RunSummary> runs = new ArrayList<>();
        if (!Files.isDirectory(root)) return runs;
        try (Stream<Path> tests = Files.list(root)) {
            for (Path testDir : tests.filter(Files::isDirectory).filter(p -> !Files.isSymbolicLink(p)).toList()) {
                try (Stream<Path> dirs = Files.list(testDir)) {
                    for (Path run : dirs.filter(Files::isDirectory).toList()) {
                        RunDir dir = RunDir.at(run);
                        if (Files.exists(dir.results()) || Files.exists(dir.record())) {
                            runs.add(read(root, run));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot scan the store " + root + ": " + e.getMessage(), e);
        }
        runs.sort(NEWEST_FIRST);
        return runs;
    }

    static RunSummary read(Path root, Path run) {
        RunDir dir = RunDir.at(run);
        JsonNode results = readJson(dir.results());
        RunRecord record = readRecord(dir.record());
        String verdict = results.path("validity").asText("incomplete");
        String name = record.name() == null || record.name().isEmpty() ? run.getParent().getFileName().toString() : record.name();
        return new RunSummary(name, run.getFileName().toString(), root.relativize(run).toString().replace('\\', '/'),
                verdict, results.path("summary").asText(""), nonNull(record.target()), nonNull(record.workload()), record.nemeses(),
                record.duration(), record.status() == null ? "" : record.status().wireName(), Files.exists(dir.report()), record.unsafe());
    }

    /** A missing or unreadable test.json (a half-written or foreign run) lists with what results.json says. */
    private static RunRecord readRecord(Path file) {
        if (!Files.isRegularFile(file)) return RunRecord.named("");
        try {
            return RunRecord.read(file);
        } catch (IllegalArgumentException e) {
            return RunRecord.named("");
        }
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }

    private static JsonNode readJson(Path file) {
        if (!Files.isRegularFile(file)) return MissingNode.getInstance();
        try {
            return Json.mapper().readTree(file.toFile());
        } catch (IOException e) {
            return MissingNode.getInstance(); // a half-written run shows as incomplete rather than hiding the index
        }
    }
}
