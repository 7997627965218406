package dev.faultline.lock;

import dev.faultline.raft.PeerAddress;
import dev.faultline.raft.RaftConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Command line of the lock server.
 *
 * @param advertise              host:port under which clients and followers reach this node's client port
 * @param maxTtl                 the longest lease a client may ask for; a new leader waits this long
 *                               before taking over a lease granted in an earlier term
 * @param debugWallClockOffsetMs added to the wall clock (test-only; the wall clock matters only to
 *                               the wall-clock-lease bug)
 */
record LockOptions(String id, Path dataDir, Map<String, PeerAddress> peers, String bind, int clientPort,
                   String advertise, Set<String> unsafe, Duration maxTtl, Duration requestTimeout,
                   Duration electionTimeoutMin, Duration electionTimeoutMax, Duration heartbeat,
                   long debugWallClockOffsetMs) {

    static final String USAGE = """
            usage: java -cp 'lib/*' dev.faultline.lock.Main --id ID --data-dir DIR --peers ID=HOST:PORT,...
                   --client-port PORT [--bind ADDR] [--advertise HOST:PORT] [--unsafe NAME[,NAME]]
                   [--max-ttl-ms MS] [--request-timeout-ms MS] [--election-timeout-ms MIN-MAX]
                   [--heartbeat-ms MS] [--debug-wall-clock-offset-ms MS]
              --unsafe names: wall-clock-lease, no-fsync""";

    static LockOptions parse(String[] args) {
        String id = null;
        Path dataDir = null;
        Map<String, PeerAddress> peers = null;
        String bind = "0.0.0.0";
        Integer clientPort = null;
        String advertise = null;
        Set<String> unsafe = new LinkedHashSet<>();
        long maxTtlMs = 10_000;
        long requestTimeoutMs = 3_000;
        long electionMin = 500;
        long electionMax = 1000;
        long heartbeatMs = 100;
        long wallOffset = 0;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) throw new IllegalArgumentException(USAGE);
            if (i + 1 >= args.length) throw new IllegalArgumentException(flag + " needs a value\n" + USAGE);
            String v = args[++i];
            switch (flag) {
                case "--id" -> id = v;
                case "--data-dir" -> dataDir = Path.of(v);
                case "--peers" -> peers = RaftConfig.parsePeers(v);
                case "--bind" -> bind = v;
                case "--client-port" -> clientPort = port(flag, v);
                case "--advertise" -> advertise = v;
                case "--unsafe" -> {
                    for (String name : v.split(",")) {
                        String n = name.trim();
                        if (n.isEmpty()) continue;
                        if (!LockUnsafe.LOCK_SERVER.contains(n)) {
                            throw new IllegalArgumentException("--unsafe: unknown switch '" + n + "' for the lock server (known: "
                                    + LockUnsafe.LOCK_SERVER + "; no-fencing belongs to ResourceMain)");
                        }
                        unsafe.add(n);
                    }
                }
                case "--max-ttl-ms" -> maxTtlMs = positive(flag, v);
                case "--request-timeout-ms" -> requestTimeoutMs = positive(flag, v);
                case "--election-timeout-ms" -> {
                    String[] parts = v.split("-");
                    if (parts.length != 2) throw new IllegalArgumentException("--election-timeout-ms: expected MIN-MAX, got '" + v + "'");
                    electionMin = positive(flag, parts[0]);
                    electionMax = positive(flag, parts[1]);
                }
                case "--heartbeat-ms" -> heartbeatMs = positive(flag, v);
                case "--debug-wall-clock-offset-ms" -> wallOffset = number(flag, v);
                default -> throw new IllegalArgumentException("unknown option " + flag + "\n" + USAGE);
            }
        }
        if (id == null) throw new IllegalArgumentException("--id is required\n" + USAGE);
        if (dataDir == null) throw new IllegalArgumentException("--data-dir is required\n" + USAGE);
        if (peers == null) throw new IllegalArgumentException("--peers is required\n" + USAGE);
        if (clientPort == null) throw new IllegalArgumentException("--client-port is required\n" + USAGE);
        if (!peers.containsKey(id)) throw new IllegalArgumentException("--peers " + peers.keySet() + " does not contain --id " + id);
        if (advertise == null) advertise = peers.get(id).host() + ":" + clientPort;
        return new LockOptions(id, dataDir, peers, bind, clientPort, advertise, Set.copyOf(unsafe),
                Duration.ofMillis(maxTtlMs), Duration.ofMillis(requestTimeoutMs), Duration.ofMillis(electionMin),
                Duration.ofMillis(electionMax), Duration.ofMillis(heartbeatMs), wallOffset);
    }

    boolean unsafe(String name) {
        return unsafe.contains(name);
    }

    RaftConfig raftConfig() {
        return RaftConfig.of(id, peers, dataDir.resolve("raft"))
                .withElectionTimeout(electionTimeoutMin, electionTimeoutMax)
                .withHeartbeatInterval(heartbeat)
                .withAdvertisedInfo(advertise)
                .withUnsafe(unsafe);
    }

    static int port(String flag, String v) {
        long p = number(flag, v);
        if (p < 0 || p > 65535) throw new IllegalArgumentException(flag + ": port out of range: " + v);
        return (int) p;
    }

    static long positive(String flag, String v) {
        long n = number(flag, v);
        if (n <= 0) throw new IllegalArgumentException(flag + ": must be positive, got " + v);
        return n;
    }

    static long number(String flag, String v) {
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + ": not an integer: '" + v + "'");
        }
    }
}
