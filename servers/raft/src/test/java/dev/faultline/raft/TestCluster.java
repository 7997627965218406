package dev.faultline.raft;

import dev.faultline.testkit.Ports;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** An in-process cluster on loopback with real sockets and real files. */
final class TestCluster implements AutoCloseable {
    final Map<String, PeerAddress> peers = new LinkedHashMap<>();
    final Map<String, RaftNode> nodes = new HashMap<>();
    final Map<String, LogStateMachine> machines = new HashMap<>();
    private final Path dir;
    private final int snapshotEntries;
    private final Set<String> unsafe;
    /** {@link RaftNode#setTestInboundDelay} of every node started from now on; zero: off. */
    Duration inboundDelay = Duration.ZERO;

    TestCluster(Path dir, int size, int snapshotEntries, Set<String> unsafe) throws IOException {
        this.dir = dir;
        this.snapshotEntries = snapshotEntries;
        this.unsafe = unsafe;
        for (int i = 1; i <= size; i++) {
            peers.put("n" + i, new PeerAddress("127.0.0.1", freePort()));
        }
    }

    static int freePort() throws IOException {
        return Ports.free();
    }

    RaftConfig config(String id) {
        return RaftConfig.of(id, peers, dir.resolve(id))
                .withElectionTimeout(Duration.ofMillis(300), Duration.ofMillis(600))
                .withHeartbeatInterval(Duration.ofMillis(50))
                .withRpcTimeout(Duration.ofMillis(800))
                .withSnapshotThreshold(snapshotEntries, 64L << 20)
                .withUnsafe(unsafe);
    }

    TestCluster startAll() throws IOException {
        for (String id : peers.keySet()) {
            start(id);
        }
        return this;
    }

    RaftNode start(String id) throws IOException {
        LogStateMachine sm = new LogStateMachine();
        RaftNode n = new RaftNode(config(id), sm);
        if (!inboundDelay.isZero()) n.setTestInboundDelay(inboundDelay);
        awaitBindable(id);
        n.start();
        nodes.put(id, n);
        machines.put(id, sm);
        return n;
    }

    /**
     * A restart binds the node's old port again (on every interface): on a loaded machine the
     * previous socket may not be released yet (BindException seen in CI), so wait until the port can
     * be bound, for a few seconds, before starting the node.
     */
    private void awaitBindable(String id) throws IOException {
        int port = peers.get(id).port();
        for (int attempt = 1; ; attempt++) {
            try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
                probe.setReuseAddress(true);
                probe.bind(new java.net.InetSocketAddress(port));
                return;
            } catch (java.net.BindException e) {
                if (attempt >= 50) throw e;
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    void stop(String id) {
        RaftNode n = nodes.remove(id);
        if (n != null) {
            n.close();
        }
    }

    RaftNode awaitLeader() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            for (RaftNode n : nodes.values()) {
                if (n.isLeader()) {
                    return n;
                }
            }
            sleep(20);
        }
        throw new AssertionError("no leader within 20 s");
    }

    /** Proposes on whichever node is leader, retrying through elections. */
    String propose(String command) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        Exception last = null;
        while (System.nanoTime() < deadline) {
            RaftNode leader = awaitLeader();
            try {
                byte[] r = leader.propose(command.getBytes(StandardCharsets.UTF_8)).get(5, TimeUnit.SECONDS);
                return new String(r, StandardCharsets.UTF_8);
            } catch (Exception e) {
                last = e;
                sleep(50);
            }
        }
        throw new AssertionError("proposal " + command + " did not commit", last);
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            sleep(20);
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        for (String id : Set.copyOf(nodes.keySet())) {
            stop(id);
        }
    }
}
