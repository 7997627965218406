package dev.faultline.lock;

import dev.faultline.testkit.Ports;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** An in-process lock cluster on loopback: real Raft sockets, real files, real HTTP. */
final class LockCluster implements AutoCloseable {
    final Map<String, Integer> raftPorts = new LinkedHashMap<>();
    final Map<String, Integer> clientPorts = new LinkedHashMap<>();
    final Map<String, LockServer> servers = new LinkedHashMap<>();
    private final Path dir;
    private final List<String> extraArgs;

    LockCluster(Path dir, int size, String... extraArgs) throws IOException {
        this.dir = dir;
        this.extraArgs = List.of(extraArgs);
        for (int i = 1; i <= size; i++) {
            raftPorts.put("n" + i, freePort());
            clientPorts.put("n" + i, freePort());
        }
    }

    static int freePort() throws IOException {
        return Ports.free();
    }

    String peers() {
        StringBuilder b = new StringBuilder();
        raftPorts.forEach((id, p) -> b.append(b.length() == 0 ? "" : ",").append(id).append("=127.0.0.1:").append(p));
        return b.toString();
    }

    List<String> args(String id) {
        List<String> a = new ArrayList<>(List.of("--id", id, "--data-dir", dir.resolve(id).toString(), "--peers", peers(),
                "--bind", "127.0.0.1", "--client-port", Integer.toString(clientPorts.get(id)),
                "--election-timeout-ms", "300-600", "--heartbeat-ms", "50"));
        a.addAll(extraArgs);
        return a;
    }

    LockCluster startAll() throws IOException {
        for (String id : raftPorts.keySet()) start(id);
        return this;
    }

    LockServer start(String id) throws IOException {
        LockServer s = LockServer.start(LockOptions.parse(args(id).toArray(String[]::new)));
        servers.put(id, s);
        return s;
    }

    void stop(String id) {
        LockServer s = servers.remove(id);
        if (s != null) s.close();
    }

    /** The id of the node that is leader, waiting up to 20 s for one. */
    String awaitLeader() {
        String[] found = new String[1];
        await("a leader", () -> {
            for (var e : servers.entrySet()) {
                if (e.getValue().raft().isLeader()) {
                    found[0] = e.getKey();
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    int port(String id) {
        return clientPorts.get(id);
    }

    static void await(String what, BooleanSupplier condition) {
        await(what, 30, condition);
    }

    static void await(String what, int seconds, BooleanSupplier condition) {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) return;
            sleep(20);
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        for (String id : new ArrayList<>(servers.keySet())) stop(id);
    }
}
