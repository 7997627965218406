package dev.faultline.targets.lock;

import dev.faultline.harness.spi.ParamSpec;
import dev.faultline.harness.control.Cluster;
import dev.faultline.harness.control.Node;
import dev.faultline.harness.spi.Params;
import dev.faultline.harness.spi.TestOptions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Lock adapter knobs from {@code --param}: {@code lock-service.client-port} (8101; node i, 0-based in
 * cluster order, uses 8101 + i), {@code lock-service.raft-port} (7101; likewise),
 * {@code lock-service.resource-port} (9101),
 * {@code lock-service.client-timeout-ms} (2500), {@code lock-service.start-timeout-s} (60),
 * {@code lock-service.heap} (256m), {@code lock-service.max-ttl-ms} (3000: the server's longest
 * lease and new-leader wait; the workload's {@code lock.ttl-ms} must not exceed it).
 */
record LockSettings(int clientPort, int raftPort, int resourcePort, Duration clientTimeout, Duration startTimeout,
                    String heap, long maxTtlMs, Set<String> unsafe, boolean classData) {
    /** Every {@code --param} key {@link #of} reads. */
    static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.of("lock-service.client-port", 8101, "client port; node i (0-based) uses this + i"),
            ParamSpec.of("lock-service.raft-port", 7101, "Raft port; node i (0-based) uses this + i"),
            ParamSpec.of("lock-service.resource-port", 9101, "port of the guarded resource server"),
            ParamSpec.of("lock-service.client-timeout-ms", 2500, "client request timeout in ms"),
            ParamSpec.of("lock-service.start-timeout-s", 60, "seconds a node has to answer after start"),
            ParamSpec.of("lock-service.heap", "256m", "JVM -Xmx of each server"),
            ParamSpec.of("lock-service.max-ttl-ms", 3000, "the server's longest lease and new-leader wait in ms (lock.ttl-ms must not exceed it)"),
            ParamSpec.of("lock-service.class-data", true, "make a class-data (AppCDS) archive of the lock server at setup with one training start, so restarts start faster"));

    static final String WALL_CLOCK_LEASE = "wall-clock-lease";
    static final String NO_FENCING = "no-fencing";
    /** The lock servers' Raft state is never fsynced (the Raft library's planted bug). */
    static final String NO_FSYNC = "no-fsync";
    static final Set<String> SWITCHES = Set.of(WALL_CLOCK_LEASE, NO_FENCING, NO_FSYNC);

    static LockSettings of(TestOptions o) {
        for (String u : o.unsafe()) {
            if (!SWITCHES.contains(u)) {
                throw new IllegalArgumentException("--unsafe " + u + ": the lock target knows only " + SWITCHES);
            }
        }
        Params p = Params.of(o);
        return new LockSettings(
                p.intValue("lock-service.client-port", 8101),
                p.intValue("lock-service.raft-port", 7101),
                p.intValue("lock-service.resource-port", 9101),
                p.millis("lock-service.client-timeout-ms", 2500),
                p.seconds("lock-service.start-timeout-s", 60),
                p.string("lock-service.heap", "256m"),
                p.longValue("lock-service.max-ttl-ms", 3000),
                o.unsafe(),
                p.bool("lock-service.class-data", true));
    }

    /**
     * Per-node ports: containers and hosts could all use the same port, but local nodes share one
     * network stack and the servers bind on all interfaces.
     */
    int clientPort(Cluster cluster, Node node) {
        return clientPort + cluster.nodes().indexOf(node);
    }

    int raftPort(Cluster cluster, Node node) {
        return raftPort + cluster.nodes().indexOf(node);
    }

    List<String> jvmOptions() {
        return List.of("-Xmx" + heap, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    }

    /** Server flags beyond id, peers, ports and data dir. */
    List<String> lockServerArgs() {
        List<String> a = new ArrayList<>(List.of("--max-ttl-ms", Long.toString(maxTtlMs),
                "--request-timeout-ms", Long.toString(Math.max(500, clientTimeout.toMillis() - 500))));
        List<String> server = java.util.stream.Stream.of(WALL_CLOCK_LEASE, NO_FSYNC).filter(unsafe::contains).toList();
        if (!server.isEmpty()) a.addAll(List.of("--unsafe", String.join(",", server)));
        return a;
    }

    List<String> resourceArgs() {
        return unsafe.contains(NO_FENCING) ? List.of("--unsafe", NO_FENCING) : List.of();
    }
}
