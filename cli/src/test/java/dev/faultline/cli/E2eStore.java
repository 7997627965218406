package dev.faultline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.JsonlHistory;
import dev.faultline.harness.spi.SelfTestCase;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The store of one end-to-end test: a directory under {@code target/e2e} (kept, so that a failed
 * run can be inspected) that {@code faultline test} runs write into, without a progress line.
 */
final class E2eStore {
    static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;

    E2eStore(String name) {
        try {
            dir = Files.createDirectories(Path.of("target", "e2e")).resolve(name + "-" + System.nanoTime());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The test's own directory; the store is {@link #store()} inside it. */
    Path dir() {
        return dir;
    }

    Path store() {
        return dir.resolve("store");
    }

    /**
     * {@code faultline test --store STORE --no-progress ARGS...}, with {@code --seed 7} unless ARGS give
     * a seed or replay a run (a replay takes the recorded seed and refuses another).
     */
    int test(String... args) {
        List<String> all = new ArrayList<>(List.of("test", "--store", store().toString(), "--no-progress"));
        boolean seeded = Arrays.stream(args).anyMatch(a -> a.equals("--seed") || a.startsWith("--seed=") || a.equals("--replay")
                || a.startsWith("--replay="));
        if (!seeded) all.addAll(List.of("--seed", "7"));
        all.addAll(List.of(args));
        return FaultlineCli.run(all.toArray(String[]::new));
    }

    int test(List<String> args) {
        return test(args.toArray(String[]::new));
    }

    /** The run directory the store's {@code latest} link names. */
    Path latestRun() throws IOException {
        return store().resolve("latest").toRealPath();
    }

    static JsonNode results(Path run) throws IOException {
        return JSON.readTree(run.resolve("results.json").toFile());
    }

    static History history(Path run) {
        return JsonlHistory.read(run.resolve("history.jsonl"));
    }

    /** A self-test case of {@code target} as {@code faultline test} arguments (the run {@code selftest} makes). */
    static List<String> args(String target, SelfTestCase c) {
        List<String> a = new ArrayList<>(List.of("--target", target, "--workload", c.workload(),
                "--nodes", Integer.toString(c.nodes()), "--concurrency", Integer.toString(c.concurrency()),
                "--time-limit", Long.toString(c.timeLimit().toSeconds()),
                "--nemesis-interval", Long.toString(c.nemesisInterval().toSeconds()),
                "--nemesis", c.nemeses().isEmpty() ? "none" : String.join(",", c.nemeses())));
        if (!c.unsafe().isEmpty()) a.addAll(List.of("--unsafe", String.join(",", c.unsafe())));
        c.params().forEach((k, v) -> a.addAll(List.of("--param", k + "=" + v)));
        return a;
    }
}
