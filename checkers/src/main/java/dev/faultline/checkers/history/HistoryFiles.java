package dev.faultline.checkers.history;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a history in any supported format, detected from the file's content. */
public final class HistoryFiles {
    /** The history formats Faultline reads. */
    public enum Format {
        /** Faultline's own {@code history.jsonl}. */
        JSONL,
        /** Jepsen {@code history.edn} or a Knossos EDN vector of op maps. */
        EDN,
        /** Jepsen {@code history.txt}: tab-separated op lines. */
        JEPSEN_TEXT,
        /** A Jepsen log ({@code jepsen.log}) whose op lines carry a logger prefix. */
        JEPSEN_LOG
    }

    private static final int SNIFF_LINES = 200;

    private HistoryFiles() {}

    public static History read(Path file) {
        return switch (detect(file)) {
            case JSONL -> JsonlHistory.read(file);
            case EDN -> EdnHistory.read(file);
            case JEPSEN_TEXT -> JepsenTextHistory.readText(file);
            case JEPSEN_LOG -> JepsenTextHistory.readLog(file);
        };
    }

    /**
     * Detects the format from the first significant line: {@code {"} is JSONL, {@code [ ( {} or
     * {@code #} EDN, {@code process TAB type TAB} history.txt; otherwise a log if one of its first
     * lines carries an op.
     */
    public static Format detect(Path file) {
        if (!Files.isRegularFile(file)) throw new HistoryException(file + ": no such file");
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = null;
            int firstLine = 0;
            int n = 0;
            for (String line; (line = in.readLine()) != null && n < SNIFF_LINES; ) {
                n++;
                String t = line.strip();
                if (t.isEmpty() || (first == null && t.startsWith(";"))) continue;
                if (first == null) {
                    first = t;
                    firstLine = n;
                    if (t.startsWith("{\"") || t.startsWith("{ \"")) return Format.JSONL;
                    if (t.startsWith("[") || t.startsWith("(") || t.startsWith("{") || t.startsWith("#")) return Format.EDN;
                    if (JepsenTextHistory.isTextLine(line)) return Format.JEPSEN_TEXT;
                }
                if (JepsenTextHistory.isLogLine(line)) return Format.JEPSEN_LOG;
            }
            if (first == null) throw new HistoryException(file + ": empty history file");
            throw new HistoryException(file + " line " + firstLine + ": unrecognised history format (expected Faultline JSONL, Jepsen/Knossos EDN, "
                    + "Jepsen history.txt or a Jepsen log); the first line is: " + abbreviate(first));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
