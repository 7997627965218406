package dev.faultline.raftkv;

import dev.faultline.testkit.Ports;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** An in-process raft-kv cluster on loopback (real sockets, real files, real HTTP). */
final class KvCluster implements AutoCloseable {
    final List<String> ids = new ArrayList<>();
    final Map<String, Integer> raftPorts = new LinkedHashMap<>();
    final Map<String, Integer> clientPorts = new LinkedHashMap<>();
    final Map<String, KvServer> servers = new LinkedHashMap<>();
    private final Path dir;
    private final Set<String> unsafe;
    private final int snapshotEntries;

    KvCluster(Path dir, int size, Set<String> unsafe, int snapshotEntries) throws IOException {
        this.dir = dir;
        this.unsafe = unsafe;
        this.snapshotEntries = snapshotEntries;
        for (int i = 1; i <= size; i++) {
            String id = "n" + i;
            ids.add(id);
            raftPorts.put(id, freePort());
            clientPorts.put(id, freePort());
        }
    }

    static int freePort() throws IOException {
        return Ports.free();
    }

    String peersSpec() {
        StringBuilder b = new StringBuilder();
        for (String id : ids) {
            b.append(b.length() == 0 ? "" : ",").append(id).append("=127.0.0.1:").append(raftPorts.get(id));
        }
        return b.toString();
    }

    List<String> args(String id) {
        List<String> a = new ArrayList<>(List.of("--id", id, "--data-dir", dir.resolve(id).toString(), "--peers",
                peersSpec(), "--client-port", clientPorts.get(id).toString(), "--election-timeout-ms", "300-600",
                "--heartbeat-ms", "50", "--snapshot-entries", Integer.toString(snapshotEntries),
                "--request-timeout-ms", "4000"));
        for (String u : unsafe) {
            a.add("--unsafe");
            a.add(u);
        }
        return a;
    }

    KvCluster startAll() throws IOException {
        for (String id : ids) {
            start(id);
        }
        return this;
    }

    void start(String id) throws IOException {
        servers.put(id, new KvServer(KvOptions.parse(args(id))).start());
    }

    void stop(String id) {
        KvServer s = servers.remove(id);
        if (s != null) {
            s.close();
        }
    }

    int port(String id) {
        return clientPorts.get(id);
    }

    String awaitLeader() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            for (var e : servers.entrySet()) {
                if (e.getValue().raft().isLeader()) {
                    return e.getKey();
                }
            }
            sleep(20);
        }
        throw new AssertionError("no leader within 20 s");
    }

    static void await(String what, BooleanSupplier condition) {
        await(what, Duration.ofSeconds(20), condition, () -> "");
    }

    /** Polls {@code condition} until {@code timeout}; the failure message ends with {@code detail}. */
    static void await(String what, Duration timeout, BooleanSupplier condition, Supplier<String> detail) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            sleep(20);
        }
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what + detail.get());
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
        for (String id : List.copyOf(servers.keySet())) {
            stop(id);
        }
    }
}
