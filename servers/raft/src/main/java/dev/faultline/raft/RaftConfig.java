package dev.faultline.raft;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything a {@link RaftNode} needs. Build with {@link #of(String, Map, Path)} and adjust with the
 * {@code with...} methods.
 *
 * @param id                 this node's id; must be a key of {@code peers}
 * @param peers              every member (including this node) by id; this node listens on its own port
 * @param dataDir            where term, vote, log and snapshot are kept (created if missing)
 * @param electionTimeoutMin lower bound of the randomised election timeout
 * @param electionTimeoutMax upper bound of the randomised election timeout
 * @param heartbeatInterval  how often a leader sends AppendEntries when idle
 * @param rpcTimeout         a peer that has not answered an RPC for this long gets a fresh connection
 * @param snapshotEntries    take a snapshot once this many entries were applied since the last one
 * @param snapshotBytes      ... or once the log since the last snapshot holds this many bytes
 * @param maxBatchEntries    most entries in one AppendEntries
 * @param maxInflight        most AppendEntries in flight (pipelined) per follower
 * @param advertisedInfo     opaque text a leader hands to followers (e.g. its client address); may be null
 * @param unsafe             planted-bug switches, see {@link Unsafe}; off unless named
 */
public record RaftConfig(String id, Map<String, PeerAddress> peers, Path dataDir,
                         Duration electionTimeoutMin, Duration electionTimeoutMax, Duration heartbeatInterval,
                         Duration rpcTimeout, int snapshotEntries, long snapshotBytes, int maxBatchEntries,
                         int maxInflight, String advertisedInfo, Set<String> unsafe) {

    public RaftConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(dataDir, "dataDir");
        peers = Map.copyOf(new LinkedHashMap<>(peers));
        unsafe = Set.copyOf(unsafe);
        if (!peers.containsKey(id)) {
            throw new IllegalArgumentException("peers " + peers.keySet() + " do not contain this node's id " + id);
        }
        if (electionTimeoutMin.compareTo(electionTimeoutMax) > 0) {
            throw new IllegalArgumentException("electionTimeoutMin > electionTimeoutMax");
        }
        if (heartbeatInterval.compareTo(electionTimeoutMin) >= 0) {
            throw new IllegalArgumentException("heartbeatInterval must be below electionTimeoutMin");
        }
        if (snapshotEntries < 1 || maxBatchEntries < 1 || maxInflight < 1) {
            throw new IllegalArgumentException("snapshotEntries, maxBatchEntries and maxInflight must be >= 1");
        }
    }

    /** Defaults: elections 500-1000 ms, heartbeat 100 ms, RPC timeout 1 s, snapshot every 10000 entries / 64 MiB. */
    public static RaftConfig of(String id, Map<String, PeerAddress> peers, Path dataDir) {
        return new RaftConfig(id, peers, dataDir, Duration.ofMillis(500), Duration.ofMillis(1000),
                Duration.ofMillis(100), Duration.ofMillis(1000), 10_000, 64L << 20, 512, 8, null, Set.of());
    }

    public RaftConfig withElectionTimeout(Duration min, Duration max) {
        return new RaftConfig(id, peers, dataDir, min, max, heartbeatInterval, rpcTimeout, snapshotEntries,
                snapshotBytes, maxBatchEntries, maxInflight, advertisedInfo, unsafe);
    }

    public RaftConfig withHeartbeatInterval(Duration interval) {
        return new RaftConfig(id, peers, dataDir, electionTimeoutMin, electionTimeoutMax, interval, rpcTimeout,
                snapshotEntries, snapshotBytes, maxBatchEntries, maxInflight, advertisedInfo, unsafe);
    }

    public RaftConfig withRpcTimeout(Duration timeout) {
        return new RaftConfig(id, peers, dataDir, electionTimeoutMin, electionTimeoutMax, heartbeatInterval, timeout,
                snapshotEntries, snapshotBytes, maxBatchEntries, maxInflight, advertisedInfo, unsafe);
    }

    public RaftConfig withSnapshotThreshold(int entries, long bytes) {
        return new RaftConfig(id, peers, dataDir, electionTimeoutMin, electionTimeoutMax, heartbeatInterval,
                rpcTimeout, entries, bytes, maxBatchEntries, maxInflight, advertisedInfo, unsafe);
    }

    public RaftConfig withBatching(int maxBatchEntries, int maxInflight) {
        return new RaftConfig(id, peers, dataDir, electionTimeoutMin, electionTimeoutMax, heartbeatInterval,
                rpcTimeout, snapshotEntries, snapshotBytes, maxBatchEntries, maxInflight, advertisedInfo, unsafe);
    }

    public RaftConfig withAdvertisedInfo(String info) {
        return new RaftConfig(id, peers, dataDir, electionTimeoutMin, electionTimeoutMax, heartbeatInterval,
                rpcTimeout, snapshotEntries, snapshotBytes, maxBatchEntries, maxInflight, info, unsafe);
    }

    public RaftConfig withUnsafe(Set<String> names) {
        return new RaftConfig(id, peers, dataDir, electionTimeoutMin, electionTimeoutMax, heartbeatInterval,
                rpcTimeout, snapshotEntries, snapshotBytes, maxBatchEntries, maxInflight, advertisedInfo, names);
    }

    /** True if the planted bug {@code name} is switched on. */
    public boolean isUnsafe(String name) {
        return unsafe.contains(name);
    }

    /** Parses {@code n1=host:port,n2=host:port,...}. */
    public static Map<String, PeerAddress> parsePeers(String spec) {
        Map<String, PeerAddress> peers = new LinkedHashMap<>();
        for (String part : spec.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected id=host:port, got '" + p + "'");
            }
            String peerId = p.substring(0, eq);
            if (peers.put(peerId, PeerAddress.parse(p.substring(eq + 1))) != null) {
                throw new IllegalArgumentException("peer id " + peerId + " given twice");
            }
        }
        if (peers.isEmpty()) {
            throw new IllegalArgumentException("no peers in '" + spec + "'");
        }
        return peers;
    }
}
