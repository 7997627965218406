package dev.faultline.targets.raftkv;

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
 * raft-kv adapter knobs from {@code --param}: {@code raft-kv.client-port} (8001; node i uses 8001 + i),
 * {@code raft-kv.raft-port} (7001; likewise), {@code raft-kv.client-timeout-ms} (1500),
 * {@code raft-kv.start-timeout-s} (60), {@code raft-kv.heap} (JVM -Xmx, 256m) and
 * {@code raft-kv.request-timeout-ms} (the server's own commit timeout, passed through if set).
 */
record RaftKvSettings(int clientPort, int raftPort, Duration clientTimeout, Duration startTimeout, String heap,
                      List<String> serverArgs, Set<String> unsafe, boolean classData) {
    /** Every {@code --param} key {@link #of} reads. */
    static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.of("raft-kv.client-port", 8001, "client port; node i (0-based) uses this + i"),
            ParamSpec.of("raft-kv.raft-port", 7001, "Raft port; node i (0-based) uses this + i"),
            ParamSpec.of("raft-kv.client-timeout-ms", 1500, "client request timeout in ms"),
            ParamSpec.of("raft-kv.start-timeout-s", 60, "seconds a node has to answer after start"),
            ParamSpec.of("raft-kv.heap", "256m", "JVM -Xmx of each server"),
            ParamSpec.of("raft-kv.request-timeout-ms", "", "the server's own commit timeout in ms (server default if unset)"),
            ParamSpec.of("raft-kv.test-inbound-delay-ms", "", "TEST HOOK of the server: every Raft message is handed over this many ms after it arrived (unset: off)"),
            ParamSpec.of("raft-kv.class-data", true, "make a class-data (AppCDS) archive at setup with one training start, so restarts start faster"));

    static RaftKvSettings of(TestOptions o) {
        Params p = Params.of(o);
        List<String> serverArgs = new ArrayList<>();
        if (p.has("raft-kv.request-timeout-ms")) {
            serverArgs.addAll(List.of("--request-timeout-ms", Long.toString(p.longValue("raft-kv.request-timeout-ms", 0))));
        }
        if (p.has("raft-kv.test-inbound-delay-ms")) {
            serverArgs.addAll(List.of("--test-inbound-delay-ms", Long.toString(p.longValue("raft-kv.test-inbound-delay-ms", 0))));
        }
        return new RaftKvSettings(
                p.intValue("raft-kv.client-port", 8001),
                p.intValue("raft-kv.raft-port", 7001),
                p.millis("raft-kv.client-timeout-ms", 1500),
                p.seconds("raft-kv.start-timeout-s", 60),
                p.string("raft-kv.heap", "256m"),
                serverArgs,
                o.unsafe(),
                p.bool("raft-kv.class-data", true));
    }

    /**
     * Node i (0-based, in cluster order) listens on base + i. On containers and hosts every node
     * could use the same port, but local nodes share one network stack and raft-kv binds its
     * client port on all interfaces.
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
}
