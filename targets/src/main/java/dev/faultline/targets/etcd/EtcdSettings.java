package dev.faultline.targets.etcd;

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

    static EtcdSettings of(TestOptions o) {
        return new EtcdSettings(
                o.param("etcd.binary", "/usr/bin/etcd"),
                (int) number(o, "etcd.client-port", 2379, 1, 65535),
                (int) number(o, "etcd.peer-port", 2380, 1, 65535),
                Duration.ofMillis(number(o, "etcd.client-timeout-ms", 2000, 1, 600_000)),
                Duration.ofSeconds(number(o, "etcd.start-timeout-s", 60, 1, 3600)),
                number(o, "etcd.heartbeat-ms", 100, 1, 60_000),
                number(o, "etcd.election-timeout-ms", 1000, 1, 600_000),
                bool(o, "etcd.serializable"));
    }

    private static long number(TestOptions o, String name, long fallback, long min, long max) {
        String v = o.param(name, null);
        if (v == null) return fallback;
        long n;
        try {
            n = Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--param " + name + "=" + v + ": not an integer");
        }
        if (n < min || n > max) throw new IllegalArgumentException("--param " + name + "=" + v + ": must be from " + min + " to " + max);
        return n;
    }

    private static boolean bool(TestOptions o, String name) {
        String v = o.param(name, "false").strip();
        return switch (v) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("--param " + name + "=" + v + ": must be true or false");
        };
    }
}
