package dev.faultline.checkers.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Imports Jepsen {@code history.edn} and Knossos histories: either one EDN vector (or list) of op
 * maps, or a sequence of op maps (Jepsen writes one per line). Keywords become strings
 * ({@code :cas -> "cas"}), {@code :process :nemesis} the nemesis; unknown keys are ignored.
 */
public final class EdnHistory {
    private EdnHistory() {}

    public static History read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses EDN text; {@code source} names it in errors. */
    public static History parse(String text, String source) {
        EdnReader in = new EdnReader(text, source);
        OpSink sink = new OpSink(source);
        if (!in.skipSpace()) throw new HistoryException(source + ": empty history (no ops)");
        char first = in.peek();
        if (first == '[' || first == '(') {
            char close = first == '[' ? ']' : ')';
            in.expect(first);
            while (in.peek() != close) readOp(in, sink);
            in.expect(close);
            if (in.skipSpace()) throw in.error("unexpected content after the history's closing '" + close + "'");
        } else {
            while (in.skipSpace()) readOp(in, sink);
        }
        return sink.build();
    }

    private static void readOp(EdnReader in, OpSink sink) {
        in.skipSpace();
        int line = in.line();
        Object form = in.read();
        try {
            sink.add(EdnOps.fromMap(form), line);
        } catch (IllegalArgumentException e) {
            throw sink.error(line, "op " + sink.size() + ": " + e.getMessage());
        }
    }
}
