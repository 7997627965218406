package dev.faultline.harness.run;

import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.Op;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Numbers ops densely, appends each to the history file the moment it is recorded, and keeps
 * the history in memory for the checker and counters for the progress line. Thread-safe.
 */
public final class HistoryRecorder implements Closeable {
    /** Where recorded ops go (history.jsonl); each append must reach the OS before it returns. */
    public interface Sink extends Closeable {
        void append(Op op);
    }

    /** Counters for the progress line. */
    public record Counts(long invocations, long ok, long fail, long info, String currentFault) {
    }

    private final Sink sink;
    private final List<Op> ops = new ArrayList<>();
    private long invocations;
    private long ok;
    private long fail;
    private long info;
    private String currentFault = "none";
    private boolean closed;

    public HistoryRecorder(Sink sink) {
        this.sink = sink;
    }

    /** Records {@code op} with the next index and returns it as recorded. */
    public synchronized Op record(Op op) {
        if (closed) throw new IllegalStateException("history is closed");
        Op indexed = op.withIndex(ops.size());
        sink.append(indexed);
        ops.add(indexed);
        if (indexed.isNemesis()) {
            if (!indexed.isInvoke()) currentFault = describeFault(indexed);
        } else {
            switch (indexed.type()) {
                case INVOKE -> invocations++;
                case OK -> ok++;
                case FAIL -> fail++;
                case INFO -> info++;
            }
        }
        return indexed;
    }

    private static String describeFault(Op op) {
        String f = op.f();
        // Ops that end a fault: stop-partition, heal, resume, start (after kill), reset-clock, ...
        if (f.startsWith("stop") || f.startsWith("heal") || f.startsWith("resume") || f.equals("start")
                || f.startsWith("start-node") || f.startsWith("restart") || f.startsWith("reset")) {
            return "none (last: " + f + ")";
        }
        String v = String.valueOf(op.value());
        return f + (op.value() == null ? "" : " " + (v.length() > 60 ? v.substring(0, 57) + "..." : v));
    }

    public synchronized Counts counts() {
        return new Counts(invocations, ok, fail, info, currentFault);
    }

    public synchronized List<Op> ops() {
        return List.copyOf(ops);
    }

    /** The history so far as a checkable {@link History}. */
    public synchronized History history() {
        return History.of(ops);
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) return;
        closed = true;
        sink.close();
    }
}
