package dev.faultline.harness.control;


import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs an action on several nodes at once (faults, lifecycle steps), bounded by a deadline, and gathers the results. */
public final class OnNodes {
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "faultline-on-nodes-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    /** After cancelling actions, how long to wait for them to end (their remote commands kill themselves first). */
    static final Duration DRAIN = BoundedCommand.KILL_TIMEOUT.plus(Duration.ofSeconds(5));

    private OnNodes() {
    }

    /**
     * Applies {@code action} to each named node in parallel. A node whose action throws or does
     * not finish within {@code timeout} (plus a moment for the node to report a command it killed
     * at that timeout) is recorded as failed with the reason; the others as done.
     *
     * <p>Never returns while an action may still act on a node: actions still running at the
     * deadline, or when the calling thread is interrupted, are interrupted, which makes their
     * remote commands kill themselves on the node ({@link dev.faultline.harness.control.Remote#exec}),
     * and this waits for them to end (at most {@link #DRAIN} more). An interrupted caller gets its
     * interrupt flag back.
     */
    public static <T> NodeResults<T> run(Cluster cluster, List<String> names, Duration timeout, NodeAction<T> action) {
        Map<String, Future<T>> futures = new LinkedHashMap<>();
        Map<String, String> failed = new LinkedHashMap<>();
        List<String> reachable = new ArrayList<>();
        for (String name : names) {
            try {
                cluster.node(name);
                reachable.add(name);
            } catch (RuntimeException e) {
                failed.put(name, describe(e));
            }
        }
        CountDownLatch ended = new CountDownLatch(reachable.size());
        for (String name : reachable) {
            Node node = cluster.node(name);
            futures.put(name, POOL.submit(() -> {
                try {
                    return action.apply(node);
                } finally {
                    ended.countDown();
                }
            }));
        }
        long deadline = System.nanoTime() + timeout.plus(BoundedCommand.REPORT_GRACE).toNanos();
        Map<String, T> done = new LinkedHashMap<>();
        boolean interrupted = false;
        for (var e : futures.entrySet()) {
            try {
                long left = interrupted ? 0 : Math.max(0, deadline - System.nanoTime());
                done.put(e.getKey(), e.getValue().get(left, TimeUnit.NANOSECONDS));
            } catch (ExecutionException ex) {
                failed.put(e.getKey(), describe(ex.getCause()));
            } catch (TimeoutException ex) {
                e.getValue().cancel(true);
                failed.put(e.getKey(), interrupted ? "interrupted" : "timed out after " + seconds(timeout));
            } catch (InterruptedException ex) {
                interrupted = true;
                e.getValue().cancel(true);
                failed.put(e.getKey(), "interrupted");
            }
        }
        awaitEnd(ended, futures.keySet(), failed, interrupted);
        Map<String, T> orderedDone = new LinkedHashMap<>();
        Map<String, String> orderedFailed = new LinkedHashMap<>();
        for (String name : names) {
            if (done.containsKey(name)) orderedDone.put(name, done.get(name));
            if (failed.containsKey(name)) orderedFailed.put(name, failed.get(name));
        }
        return new NodeResults<>(orderedDone, orderedFailed);
    }

    /** Waits (bounded, even on an interrupted thread) until every cancelled action has really ended. */
    private static void awaitEnd(CountDownLatch ended, Iterable<String> names, Map<String, String> failed, boolean interrupted) {
        try {
            if (!ended.await(DRAIN.toMillis(), TimeUnit.MILLISECONDS)) {
                for (String n : names) {
                    if (failed.containsKey(n)) failed.put(n, failed.get(n) + " (still running " + seconds(DRAIN) + " later)");
                }
            }
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    public static <T> NodeResults<T> runAll(Cluster cluster, Duration timeout, NodeAction<T> action) {
        return run(cluster, cluster.names(), timeout, action);
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m.strip();
    }
}
