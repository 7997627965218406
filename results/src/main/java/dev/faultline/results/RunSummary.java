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
 * @param status   the runner's status from test.json (completed, crashed, interrupted, running), or ""
 */
public record RunSummary(String testName, String runId, String path, String verdict, String summary, String target,
        String workload, List<String> nemeses, Duration duration, String status, boolean hasReport) {

    public static final Comparator<RunSummary> NEWEST_FIRST =
            Comparator.comparing(RunSummary::runId).thenComparing(RunSummary::testName).reversed();

    static List<RunSummary> scan(Path root) {
        List<RunSummary> runs = new ArrayList<>();
        if (!Files.isDirectory(root)) return runs;
        try (Stream<Path> tests = Files.list(root)) {
            for (Path testDir : tests.filter(Files::isDirectory).filter(p -> !Files.isSymbolicLink(p)).toList()) {
                try (Stream<Path> dirs = Files.list(testDir)) {
                    for (Path run : dirs.filter(Files::isDirectory).toList()) {
                        if (Files.exists(run.resolve("results.json")) || Files.exists(run.resolve("test.json"))) {
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
        JsonNode results = readJson(run.resolve("results.json"));
        TestInfo info = new TestInfo(readJson(run.resolve("test.json")));
        String verdict = results.path("validity").asText("incomplete");
        String name = info.name().isEmpty() ? run.getParent().getFileName().toString() : info.name();
        return new RunSummary(name, run.getFileName().toString(), root.relativize(run).toString().replace('\\', '/'),
                verdict, results.path("summary").asText(""), info.target(), info.workload(), info.nemeses(),
                info.duration(), status(info), Files.exists(run.resolve("report.html")));
    }

    private static String status(TestInfo info) {
        String s = info.text("status");
        return s.isEmpty() && info.interrupted() ? "interrupted" : s;
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
