package dev.faultline.targets.paxos;

import dev.faultline.harness.control.Cluster;
import dev.faultline.harness.control.Node;
import dev.faultline.harness.spi.ParamSpec;
import dev.faultline.harness.spi.Params;
import dev.faultline.harness.spi.TestOptions;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * paxos adapter knobs from {@code --param}: {@code paxos.port} (9001; node i uses 9001 + i, for
 * clients and peers alike), {@code paxos.request-timeout-ms} (the server retries rounds this long,
 * 2000), {@code paxos.peer-timeout-ms} (1000), {@code paxos.client-timeout-ms} (5000: above the
 * server's worst case, so that the server's definite answers reach the history),
 * {@code paxos.start-timeout-s} (60), {@code paxos.heap} (JVM -Xmx, 256m) and the server's test hook
 * {@code paxos.test-retry-stall-ms} (0: off).
 */
record PaxosSettings(int port, long requestTimeoutMs, long peerTimeoutMs, Duration clientTimeout, Duration startTimeout,
                     String heap, long testRetryStallMs, Set<String> unsafe) {

    /** Every {@code --param} key {@link #of} reads. */
    static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.of("paxos.port", 9001, "client and peer port; node i (0-based) uses this + i"),
            ParamSpec.of("paxos.request-timeout-ms", 2000, "server: how long one op's Paxos rounds may take, in ms"),
            ParamSpec.of("paxos.peer-timeout-ms", 1000, "server: timeout of one prepare/accept call to a peer, in ms"),
            ParamSpec.of("paxos.client-timeout-ms", 5000, "client request timeout in ms (above the server's worst case)"),
            ParamSpec.of("paxos.start-timeout-s", 60, "seconds a node has to answer after start"),
            ParamSpec.of("paxos.heap", "256m", "JVM -Xmx of each server"),
            ParamSpec.of("paxos.test-retry-stall-ms", 0, "TEST HOOK of the server: a round whose phase 1 succeeded only after failed attempts sleeps this many ms before phase 2 (0: off)"));

    static PaxosSettings of(TestOptions o) {
        Params p = Params.of(o);
        long stall = p.longValue("paxos.test-retry-stall-ms", 0);
        if (stall < 0) throw new IllegalArgumentException("--param paxos.test-retry-stall-ms must be 0 (off) or positive, was " + stall);
        return new PaxosSettings(
                p.intValue("paxos.port", 9001),
                p.longValue("paxos.request-timeout-ms", 2000),
                p.longValue("paxos.peer-timeout-ms", 1000),
                p.millis("paxos.client-timeout-ms", 5000),
                p.seconds("paxos.start-timeout-s", 60),
                p.string("paxos.heap", "256m"),
                stall,
                o.unsafe());
    }

    /** Node i (0-based, in cluster order) listens on base + i: local nodes share one network stack. */
    int port(Cluster cluster, Node node) {
        return port + cluster.nodes().indexOf(node);
    }

    List<String> jvmOptions() {
        return List.of("-Xmx" + heap, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    }
}
