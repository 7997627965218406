package dev.faultline.checkers.history;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Collects ops read from a source with the line each came from, so every error can name its line. */
final class OpSink {
    private final String source;
    private final List<Op> ops = new ArrayList<>();
    private int[] lines = new int[64];

    OpSink(String source) {
        this.source = source;
    }

    void add(Op op, int line) {
        if (ops.size() == lines.length) lines = Arrays.copyOf(lines, lines.length * 2);
        lines[ops.size()] = line;
        ops.add(op);
    }

    int size() {
        return ops.size();
    }

    HistoryException error(int line, String what) {
        return new HistoryException(source + " line " + line + ": " + what);
    }

    HistoryException error(int line, String what, Throwable cause) {
        return new HistoryException(source + " line " + line + ": " + what, cause);
    }

    /** Builds the history; inconsistencies (see {@link History#of}) are reported with their line. */
    History build() {
        try {
            return History.of(ops);
        } catch (HistoryException e) {
            if (e.opIndex() < 0 || e.opIndex() >= ops.size()) throw new HistoryException(source + ": " + e.getMessage(), e);
            throw new HistoryException(source + " line " + lines[(int) e.opIndex()] + ": inconsistent history: " + e.getMessage(), e);
        }
    }
}
