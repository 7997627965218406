package dev.faultline.harness.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Names of the files in a run directory, and the atomic JSON writer the runner uses for test.json. */
public final class RunFiles {
    public static final String HISTORY = "history.jsonl";
    public static final String TEST = "test.json";
    public static final String RESULTS = "results.json";
    public static final String LOG = "faultline.log";
    public static final String NODES = "nodes";

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunFiles() {
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
}
