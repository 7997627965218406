package dev.faultline.harness.run;

import java.io.PrintStream;
import java.util.function.Supplier;

/** One status line on stderr, rewritten every few seconds while a run is under way. */
final class Progress implements AutoCloseable {
    private final PrintStream out;
    private final HistoryRecorder recorder;
    private final Supplier<String> phase;
    private final long startNanos;
    private final boolean rewrite;
    private final Thread thread;
    private volatile boolean stopped;
    private int lastLength;

    Progress(PrintStream out, HistoryRecorder recorder, Supplier<String> phase, long startNanos, long intervalMillis) {
        this.out = out;
        this.recorder = recorder;
        this.phase = phase;
        this.startNanos = startNanos;
        this.rewrite = System.console() != null;
        this.thread = new Thread(() -> loop(intervalMillis), "faultline-progress");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop(long intervalMillis) {
        try {
            while (!stopped) {
                Thread.sleep(intervalMillis);
                if (!stopped) print();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    String line() {
        HistoryRecorder.Counts c = recorder.counts();
        long s = (System.nanoTime() - startNanos) / 1_000_000_000L;
        return String.format("faultline: %3ds %-8s ops %d  ok %d  fail %d  info %d  fault: %s",
                s, phase.get(), c.invocations(), c.ok(), c.fail(), c.info(), c.currentFault());
    }

    private synchronized void print() {
        String l = line();
        if (rewrite) {
            out.print("\r" + l + " ".repeat(Math.max(0, lastLength - l.length())));
            lastLength = l.length();
        } else {
            out.println(l);
        }
        out.flush();
    }

    @Override
    public synchronized void close() {
        if (stopped) return;
        stopped = true;
        thread.interrupt();
        if (rewrite && lastLength > 0) {
            out.println();
            out.flush();
        }
    }
}
