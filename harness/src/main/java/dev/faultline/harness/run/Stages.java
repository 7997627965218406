package dev.faultline.harness.run;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The open stages of a run, as Jepsen nests {@code with-os}, {@code with-db}, {@code with-nemesis}:
 * each stage that acquired something (machines, an installed target, armed faults) pushes how to
 * undo it, and {@link #close} undoes them in reverse order, exactly once, whoever calls it (the
 * run's own thread on any path, or the shutdown hook). Each undo is bounded and a failing one does
 * not stop the others.
 */
final class Stages implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Stages.class);

    /** How a stage is undone. */
    @FunctionalInterface
    interface Undo {
        void run() throws Exception;
    }

    /** An open stage; {@link #closeNow} undoes it early (e.g. healing before the final reads). */
    final class Stage {
        private final String name;
        private final Duration bound;
        private final Undo undo;
        private boolean done;

        private Stage(String name, Duration bound, Undo undo) {
            this.name = name;
            this.bound = bound;
            this.undo = undo;
        }

        /** Undoes this stage now; throws if that fails (it is not retried when the stack closes). */
        void closeNow() throws Exception {
            synchronized (Stages.this) {
                if (done) return;
                done = true;
                open.remove(this);
            }
            bounded(name, bound, undo);
        }
    }

    private final Deque<Stage> open = new ArrayDeque<>();
    private boolean closed;

    /**
     * Records how to undo what was just acquired. If the stack was already closed (the hook closed
     * it while this stage was being set up), undoes it at once and throws {@link RunStopped}.
     */
    Stage push(String name, Duration bound, Undo undo) {
        Stage stage = new Stage(name, bound, undo);
        synchronized (this) {
            if (!closed) {
                open.push(stage);
                return stage;
            }
        }
        undoQuietly(stage);
        throw new RunStopped();
    }

    /** Undoes every open stage, last opened first. Idempotent; a second caller waits for the first. */
    @Override
    public synchronized void close() {
        closed = true;
        while (!open.isEmpty()) {
            Stage stage = open.pop();
            stage.done = true;
            undoQuietly(stage);
        }
    }

    synchronized boolean isClosed() {
        return closed;
    }

    private static void undoQuietly(Stage stage) {
        try {
            log.info("closing stage: {}", stage.name);
            bounded(stage.name, stage.bound, stage.undo);
        } catch (Exception e) {
            log.error("{} failed: {}", stage.name, Runner.describe(e));
        }
    }

    /** Runs {@code undo} on its own thread, giving up after {@code limit}. */
    static void bounded(String what, Duration limit, Undo undo) throws Exception {
        ExecutorService one = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "faultline-" + what.replace(' ', '-'));
            t.setDaemon(true);
            return t;
        });
        try {
            one.submit(() -> {
                undo.run();
                return null;
            }).get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new TimeoutException(what + " did not finish within " + limit.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : new Exception(e.getCause());
        } finally {
            one.shutdownNow();
        }
    }

    /** Thrown inside a run to unwind it once a stop was requested; the stack's close does the rest. */
    static final class RunStopped extends RuntimeException {
        RunStopped() {
            super("the run was stopped", null, false, false);
        }
    }
}
