package dev.faultline.results;

import java.nio.file.Path;

/**
 * The layout of one run directory, named once for the runner, the reports, the store and the CLI:
 *
 * <pre>
 * history.jsonl   every op, one per line, appended as it happens
 * test.json       the {@link RunRecord}: what ran, how, and how it ended
 * results.json    the checker's verdict tree
 * report.html     the self-contained report
 * junit.xml       the verdict for CI
 * faultline.log   the controller's log
 * nodes/NODE/     log files collected from each node
 * </pre>
 */
public record RunDir(Path path) {
    public static final String HISTORY = "history.jsonl";
    public static final String RECORD = "test.json";
    public static final String RESULTS = "results.json";
    public static final String REPORT = "report.html";
    public static final String JUNIT = "junit.xml";
    public static final String LOG = "faultline.log";
    public static final String NODES = "nodes";

    public RunDir {
        java.util.Objects.requireNonNull(path, "path");
    }

    public static RunDir at(Path path) {
        return new RunDir(path);
    }

    public Path history() {
        return path.resolve(HISTORY);
    }

    public Path record() {
        return path.resolve(RECORD);
    }

    public Path results() {
        return path.resolve(RESULTS);
    }

    public Path report() {
        return path.resolve(REPORT);
    }

    public Path junit() {
        return path.resolve(JUNIT);
    }

    public Path log() {
        return path.resolve(LOG);
    }

    public Path nodes() {
        return path.resolve(NODES);
    }

    /** Where the log files collected from {@code node} go. */
    public Path node(String node) {
        return nodes().resolve(node);
    }

    /** The directory's own name: the run id for a store run ({@code 20261123T092406.123}). */
    public String name() {
        Path n = path.toAbsolutePath().normalize().getFileName();
        return n == null ? path.toString() : n.toString();
    }
}
