package dev.faultline.targets.paxos;

import dev.faultline.harness.control.Cluster;
import dev.faultline.harness.control.Node;
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
 * {@code paxos.start-timeout-s} (60) and {@code paxos.heap} (JVM -Xmx, 256m).
 */
record PaxosSettings(int port, long requestTimeoutMs, long peerTimeoutMs, Duration clientTimeout, Duration startTimeout,
                     String heap, Set<String> unsafe) {

    static PaxosSettings of(TestOptions o) {
        Params p = Params.of(o);
        return new PaxosSettings(
                p.intValue("paxos.port", 9001),
                p.longValue("paxos.request-timeout-ms", 2000),
                p.longValue("paxos.peer-timeout-ms", 1000),
                p.millis("paxos.client-timeout-ms", 5000),
                p.seconds("paxos.start-timeout-s", 60),
                p.string("paxos.heap", "256m"),
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
