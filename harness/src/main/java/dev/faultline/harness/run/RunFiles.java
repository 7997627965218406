package dev.faultline.harness.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.faultline.checkers.result.CheckResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/** The files of one run directory that the runner itself writes: test.json and a minimal results.json. */
public final class RunFiles {
    public static final String HISTORY = "history.jsonl";
    public static final String TEST = "test.json";
    public static final String RESULTS = "results.json";
    public static final String LOG = "faultline.log";
    public static final String NODES = "nodes";

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS");

    private RunFiles() {
    }

    /** Creates {@code store/<testName>/<yyyyMMdd'T'HHmmss.SSS>/} (unique even for runs started in the same millisecond). */
    public static Path newRunDir(Path store, String testName) {
        if (testName.isBlank() || testName.contains("/") || testName.contains("..")) {
            throw new IllegalArgumentException("test name '" + testName + "' cannot be a directory name");
        }
        try {
            Path parent = Files.createDirectories(store.resolve(testName));
            LocalDateTime t = LocalDateTime.now();
            while (true) {
                Path dir = parent.resolve(RUN_ID.format(t));
                try {
                    return Files.createDirectory(dir);
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    t = t.plusNanos(1_000_000);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a run directory under " + store, e);
        }
    }

    /** Writes {@code value} as JSON atomically (temp file then rename), so readers never see half a file. */
    public static void writeJson(Path file, Object value) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), value);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** results.json: the verdict and the checker's result tree. */
    public static void writeResults(Path runDir, CheckResult result, String status, String error) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("valid", result == null ? "unknown" : result.validity().wireName());
        out.put("status", status);
        if (error != null) out.put("error", error);
        if (result != null) out.put("result", result);
        writeJson(runDir.resolve(RESULTS), out);
    }
}
