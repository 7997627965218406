package dev.faultline.raftkv;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.faultline.raft.PeerAddress;
import dev.faultline.raft.RaftConfig;
import dev.faultline.raft.Unsafe;

/**
 * Command-line options of the raft-kv server.
 *
 * @param clientPort HTTP API port (all interfaces); the Raft port is this node's entry in {@code peers}
 */
record KvOptions(String id, Path dataDir, Map<String, PeerAddress> peers, int clientPort, Set<String> unsafe,
                 Duration requestTimeout, int snapshotEntries, int maxValueBytes, Duration electionTimeoutMin,
                 Duration electionTimeoutMax, Duration heartbeat, Duration testInboundDelay) {

    static final String STALE_READ = "stale-read";
    /** Each micro-op of a transaction is proposed as its own log entry: no atomicity. */
    static final String TXN_SPLIT = "txn-split";
    /** A transaction's reads are answered from the contacted node's local state; only its writes go through the log. */
    static final String TXN_LOCAL_READ = "txn-local-read";
    static final Set<String> KNOWN_UNSAFE = Set.of(STALE_READ, TXN_SPLIT, TXN_LOCAL_READ, Unsafe.COMMIT_OLD_TERM, Unsafe.VOTE_WITHOUT_LOG_CHECK,
            Unsafe.NO_FSYNC);

    static final String USAGE = """
            usage: raft-kv --id ID --data-dir DIR --peers ID=HOST:PORT,... --client-port PORT [options]
              --unsafe NAME            planted bug (repeatable or comma-separated): %s
              --request-timeout-ms N   how long a request waits for commit before 504 (default 5000)
              --snapshot-entries N     snapshot after N applied entries (default 10000)
              --max-value-bytes N      largest accepted value (default 1048576)
              --election-timeout-ms MIN-MAX   randomised election timeout (default 500-1000)
              --heartbeat-ms N         leader heartbeat interval (default 100)
              --test-inbound-delay-ms N   TEST HOOK: hand every Raft message to the node N ms after it arrived (default 0: off)
            """.formatted(String.join(", ", KNOWN_UNSAFE.stream().sorted().toList()));

    boolean isUnsafe(String name) {
        return unsafe.contains(name);
    }

    RaftConfig raftConfig() {
        return RaftConfig.of(id, peers, dataDir)
                .withElectionTimeout(electionTimeoutMin, electionTimeoutMax)
                .withHeartbeatInterval(heartbeat)
                .withSnapshotThreshold(snapshotEntries, 64L << 20)
                .withAdvertisedInfo(peers.get(id).host() + ":" + clientPort)
                .withUnsafe(unsafe);
    }

    /** Parses arguments; throws IllegalArgumentException naming the bad option. */
    static KvOptions parse(List<String> args) {
        String id = null;
        String dataDir = null;
        String peers = null;
        Integer clientPort = null;
        Set<String> unsafe = new LinkedHashSet<>();
        long timeoutMs = 5000;
        long inboundDelayMs = 0;
        int snapshotEntries = 10_000;
        int maxValue = 1 << 20;
        long etMin = 500;
        long etMax = 1000;
        long hb = 100;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String v = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                v = a.substring(eq + 1);
                a = a.substring(0, eq);
            } else if (a.startsWith("--") && !a.equals("--help")) {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException("option " + a + " needs a value");
                }
                v = args.get(++i);
            }
            switch (a) {
                case "--id" -> id = v;
                case "--data-dir" -> dataDir = v;
                case "--peers" -> peers = v;
                case "--client-port" -> clientPort = intArg(a, v);
                case "--unsafe" -> {
                    for (String n : v.split(",")) {
                        String name = n.trim();
                        if (name.isEmpty()) {
                            continue;
                        }
                        if (!KNOWN_UNSAFE.contains(name)) {
                            throw new IllegalArgumentException("--unsafe: unknown name '" + name + "' (known: "
                                    + String.join(", ", KNOWN_UNSAFE.stream().sorted().toList()) + ")");
                        }
                        unsafe.add(name);
                    }
                }
                case "--request-timeout-ms" -> timeoutMs = intArg(a, v);
                case "--snapshot-entries" -> snapshotEntries = intArg(a, v);
                case "--max-value-bytes" -> maxValue = intArg(a, v);
                case "--heartbeat-ms" -> hb = intArg(a, v);
                case "--test-inbound-delay-ms" -> inboundDelayMs = intArg(a, v);
                case "--election-timeout-ms" -> {
                    String[] mm = v.split("-");
                    if (mm.length != 2) {
                        throw new IllegalArgumentException("--election-timeout-ms: expected MIN-MAX, got '" + v + "'");
                    }
                    etMin = intArg(a, mm[0]);
                    etMax = intArg(a, mm[1]);
                }
                case "--help" -> throw new IllegalArgumentException("help requested");
                default -> throw new IllegalArgumentException("unknown option '" + a + "'");
            }
        }
        require(id, "--id");
        require(dataDir, "--data-dir");
        require(peers, "--peers");
        if (clientPort == null) {
            throw new IllegalArgumentException("missing required option --client-port");
        }
        Map<String, PeerAddress> peerMap;
        try {
            peerMap = RaftConfig.parsePeers(peers);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--peers: " + e.getMessage(), e);
        }
        if (!peerMap.containsKey(id)) {
            throw new IllegalArgumentException("--peers " + peers + " does not list this node's --id " + id);
        }
        if (clientPort < 1 || clientPort > 65535) {
            throw new IllegalArgumentException("--client-port out of range: " + clientPort);
        }
        return new KvOptions(id, Path.of(dataDir), peerMap, clientPort, Set.copyOf(unsafe),
                Duration.ofMillis(timeoutMs), snapshotEntries, maxValue, Duration.ofMillis(etMin),
                Duration.ofMillis(etMax), Duration.ofMillis(hb), Duration.ofMillis(inboundDelayMs));
    }

    private static void require(String value, String option) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing required option " + option);
        }
    }

    private static int intArg(String option, String v) {
        try {
            int n = Integer.parseInt(v.trim());
            if (n <= 0) {
                throw new IllegalArgumentException(option + ": must be positive, got " + v);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": not a number: '" + v + "'", e);
        }
    }
}
