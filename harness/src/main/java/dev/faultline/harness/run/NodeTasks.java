package dev.faultline.harness.run;

import dev.faultline.harness.control.Cluster;
import dev.faultline.harness.control.Node;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs a lifecycle step on every node at once. */
final class NodeTasks {
    /** A step on one node. */
    @FunctionalInterface
    interface NodeStep {
        void apply(Node node) throws Exception;
    }

    private NodeTasks() {
    }

    /** Runs {@code step} on every node in parallel; throws the first failure (naming the node) with the rest suppressed. */
    static void onEveryNode(Cluster cluster, String what, NodeStep step) throws Exception {
        List<Node> nodes = cluster.nodes();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, nodes.size()), r -> {
            Thread t = new Thread(r, "faultline-" + what.replace(' ', '-'));
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Node n : nodes) futures.add(pool.submit(() -> {
                step.apply(n);
                return null;
            }));
            Exception first = null;
            for (int i = 0; i < nodes.size(); i++) {
                try {
                    futures.get(i).get();
                } catch (ExecutionException e) {
                    Exception failure = new Exception(what + " on " + nodes.get(i).name() + " failed: " + Runner.describe(e.getCause()), e.getCause());
                    if (first == null) first = failure;
                    else first.addSuppressed(failure);
                }
            }
            if (first != null) throw first;
        } finally {
            pool.shutdownNow();
        }
    }
}
