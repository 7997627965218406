package dev.faultline.nemesis;

import dev.faultline.harness.control.Cluster;
import dev.faultline.harness.control.Node;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs a fault's action on several nodes at once, bounded by a deadline, and gathers the results. */
public final class OnNodes {
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "faultline-nemesis-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private OnNodes() {
    }

    /**
     * Applies {@code action} to each named node in parallel. A node whose action throws or does
     * not finish within {@code timeout} is recorded as failed with the reason; the others as done.
     */
    public static <T> NodeResults<T> run(Cluster cluster, List<String> names, Duration timeout, NodeAction<T> action) {
        Map<String, Future<T>> futures = new LinkedHashMap<>();
        Map<String, String> failed = new LinkedHashMap<>();
        for (String name : names) {
            Node node;
            try {
                node = cluster.node(name);
            } catch (RuntimeException e) {
                failed.put(name, describe(e));
                continue;
            }
            futures.put(name, POOL.submit(() -> action.apply(node)));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, T> done = new LinkedHashMap<>();
        for (var e : futures.entrySet()) {
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                done.put(e.getKey(), e.getValue().get(left, TimeUnit.NANOSECONDS));
            } catch (ExecutionException ex) {
                failed.put(e.getKey(), describe(ex.getCause()));
            } catch (TimeoutException ex) {
                e.getValue().cancel(true);
                failed.put(e.getKey(), "timed out after " + timeout.toSeconds() + " s");
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                futures.values().forEach(f -> f.cancel(true));
                failed.put(e.getKey(), "interrupted");
            }
        }
        Map<String, T> orderedDone = new LinkedHashMap<>();
        Map<String, String> orderedFailed = new LinkedHashMap<>();
        for (String name : names) {
            if (done.containsKey(name)) orderedDone.put(name, done.get(name));
            if (failed.containsKey(name)) orderedFailed.put(name, failed.get(name));
        }
        return new NodeResults<>(orderedDone, orderedFailed);
    }

    public static <T> NodeResults<T> runAll(Cluster cluster, Duration timeout, NodeAction<T> action) {
        return run(cluster, cluster.names(), timeout, action);
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m.strip();
    }
}
