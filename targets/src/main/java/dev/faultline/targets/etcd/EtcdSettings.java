package dev.faultline.targets.etcd;

import java.util.List;
import dev.faultline.harness.spi.ParamSpec;
import dev.faultline.harness.spi.Params;
import dev.faultline.harness.spi.TestOptions;

import java.time.Duration;

/**
 * etcd adapter knobs from {@code --param}: {@code etcd.binary} (/usr/bin/etcd, from Debian's
 * etcd-server in the node image), {@code etcd.client-port} (2379), {@code etcd.peer-port} (2380),
 * {@code etcd.client-timeout-ms} (2000), {@code etcd.start-timeout-s} (60),
 * {@code etcd.heartbeat-ms} (100) and {@code etcd.election-timeout-ms} (1000) (etcd's own defaults),
 * and {@code etcd.serializable} (false: reads are linearizable; true: serializable reads, answered
 * from the local member's state without a quorum round, which may be stale).
 */
record EtcdSettings(String binary, int clientPort, int peerPort, Duration clientTimeout, Duration startTimeout,
                    long heartbeatMs, long electionTimeoutMs, boolean serializable) {
    /** Every {@code --param} key {@link #of} reads. */
    static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.of("etcd.binary", "/usr/bin/etcd", "path of the etcd binary on the nodes"),
            ParamSpec.of("etcd.client-port", 2379, "etcd client port"),
            ParamSpec.of("etcd.peer-port", 2380, "etcd peer port"),
            ParamSpec.of("etcd.client-timeout-ms", 2000, "client request timeout in ms"),
            ParamSpec.of("etcd.start-timeout-s", 60, "seconds a node has to answer after start"),
            ParamSpec.of("etcd.heartbeat-ms", 100, "etcd --heartbeat-interval in ms"),
            ParamSpec.of("etcd.election-timeout-ms", 1000, "etcd --election-timeout in ms"),
            ParamSpec.of("etcd.serializable", false, "true: serializable reads (may be stale); false: linearizable reads"));

    static EtcdSettings of(TestOptions o) {
        Params p = Params.of(o);
        return new EtcdSettings(
                p.string("etcd.binary", "/usr/bin/etcd"),
                (int) p.longValue("etcd.client-port", 2379, 1, 65535),
                (int) p.longValue("etcd.peer-port", 2380, 1, 65535),
                Duration.ofMillis(p.longValue("etcd.client-timeout-ms", 2000, 1, 600_000)),
                Duration.ofSeconds(p.longValue("etcd.start-timeout-s", 60, 1, 3600)),
                p.longValue("etcd.heartbeat-ms", 100, 1, 60_000),
                p.longValue("etcd.election-timeout-ms", 1000, 1, 600_000),
                p.bool("etcd.serializable", false));
    }
}
