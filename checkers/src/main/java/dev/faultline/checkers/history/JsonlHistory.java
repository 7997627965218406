package dev.faultline.checkers.history;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads {@code history.jsonl} files (see {@link JsonlHistoryWriter} and docs/checkers.md for the format). */
public final class JsonlHistory {
    private JsonlHistory() {}

    /**
     * What {@link #readPrefix} recovered.
     *
     * @param history   every op up to the last complete line
     * @param truncated the error of a malformed last line (e.g. cut short by a killed writer), or null
     */
    public record Prefix(History history, HistoryException truncated) {}

    /**
     * Reads a whole file.
     *
     * @throws HistoryException naming the file, line and field of the first malformed line, or the
     *     line of the first inconsistency (a completion with no invocation, two ops in flight)
     */
    public static History read(Path file) {
        Prefix p = readPrefix(file);
        if (p.truncated() != null) throw p.truncated();
        return p.history();
    }

    /**
     * Reads a file whose last line may be malformed (a writer killed mid-line). A malformed line
     * anywhere else is still an error: nothing after a bad line is ever silently dropped.
     */
    public static Prefix readPrefix(Path file) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return readPrefix(in, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** As {@link #readPrefix(Path)}, from any reader; {@code source} names it in errors. */
    public static Prefix readPrefix(Reader reader, String source) throws IOException {
        BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        OpSink sink = new OpSink(source);
        HistoryException bad = null;
        int lineNo = 0;
        for (String line; (line = in.readLine()) != null; ) {
            lineNo++;
            if (line.isBlank()) continue;
            if (bad != null) throw bad; // a malformed line followed by more content is not a truncation
            try {
                sink.add(parseLine(line), lineNo);
            } catch (IllegalArgumentException | JacksonException e) {
                bad = sink.error(lineNo, describe(e), e);
            }
        }
        return new Prefix(sink.build(), bad);
    }

    /** Parses one JSONL line into an op. */
    public static Op parseLine(String line) throws JacksonException {
        JsonNode node = OpJson.MAPPER.readTree(line);
        if (node == null) throw new IllegalArgumentException("empty line");
        return OpJson.read(node);
    }

    private static String describe(Exception e) {
        if (e instanceof JacksonException j) return "malformed JSON: " + j.getOriginalMessage();
        return e.getMessage();
    }
}
