package dev.faultline.paxos;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Command-line options of a Paxos node. Every node is both acceptor and proposer and serves clients
 * and peers on one HTTP port: its own entry in {@code --peers}.
 */
record PaxosOptions(String id, Path dataDir, Map<String, Peer> peers, String bind, Set<Unsafe> unsafe,
                    Duration requestTimeout, Duration peerTimeout, Duration testRetryStall) {

    /** Another node's HTTP address. */
    record Peer(String id, String host, int port) {
        URI uri(String path) {
            return URI.create("http://" + host + ":" + port + path);
        }
    }

    static final String USAGE = """
            usage: paxos --id ID --data-dir DIR --peers ID=HOST:PORT,... [options]
              --bind ADDR              listen address (default 0.0.0.0); the port is this node's --peers entry
              --unsafe NAME[,NAME]     planted bugs: no-persist-promise, skip-prepare, local-read,
                                       no-fsync
              --request-timeout-ms N   how long a client request retries rounds before failing (default 2000)
              --peer-timeout-ms N      how long a proposer waits for one acceptor's answer (default 1000)
              --test-retry-stall-ms N  TEST HOOK: a round whose phase 1 succeeded only after failed
                                       attempts sleeps N ms before its phase 2 (default 0: off)
            """;

    boolean isUnsafe(Unsafe u) {
        return unsafe.contains(u);
    }

    int port() {
        return peers.get(id).port();
    }

    int majority() {
        return peers.size() / 2 + 1;
    }

    /** Parses arguments; throws IllegalArgumentException naming the bad option. */
    static PaxosOptions parse(List<String> args) {
        Map<String, String> m = new HashMap<>();
        Set<Unsafe> unsafe = EnumSet.noneOf(Unsafe.class);
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--help")) throw new IllegalArgumentException("help requested");
            if (!a.startsWith("--")) throw new IllegalArgumentException("unexpected argument '" + a + "'");
            String key;
            String value;
            int eq = a.indexOf('=');
            if (eq > 0) {
                key = a.substring(2, eq);
                value = a.substring(eq + 1);
            } else {
                key = a.substring(2);
                if (i + 1 >= args.size()) throw new IllegalArgumentException("option --" + key + " needs a value");
                value = args.get(++i);
            }
            if (key.equals("unsafe")) {
                for (String u : value.split(",")) if (!u.isBlank()) unsafe.add(Unsafe.parse(u));
            } else if (m.put(key, value) != null) {
                throw new IllegalArgumentException("option --" + key + " given twice");
            }
        }
        String id = required(m, "id");
        Path dataDir = Path.of(required(m, "data-dir"));
        Map<String, Peer> peers = parsePeers(required(m, "peers"));
        if (!peers.containsKey(id)) throw new IllegalArgumentException("--peers does not list this node's --id " + id);
        String bind = m.containsKey("bind") ? m.remove("bind") : "0.0.0.0";
        Duration requestTimeout = Duration.ofMillis(positive(m, "request-timeout-ms", 2000));
        Duration peerTimeout = Duration.ofMillis(positive(m, "peer-timeout-ms", 1000));
        Duration testRetryStall = m.containsKey("test-retry-stall-ms")
                ? Duration.ofMillis(positive(m, "test-retry-stall-ms", 0)) : Duration.ZERO;
        if (!m.isEmpty()) throw new IllegalArgumentException("unknown option(s): --" + String.join(", --", m.keySet()));
        return new PaxosOptions(id, dataDir, peers, bind, Set.copyOf(unsafe), requestTimeout, peerTimeout, testRetryStall);
    }

    static Map<String, Peer> parsePeers(String s) {
        Map<String, Peer> peers = new LinkedHashMap<>();
        for (String p : s.split(",")) {
            if (p.isBlank()) continue;
            int eq = p.indexOf('=');
            int colon = p.lastIndexOf(':');
            if (eq <= 0 || colon < eq + 2 || colon == p.length() - 1) {
                throw new IllegalArgumentException("--peers: expected ID=HOST:PORT, got '" + p.trim() + "'");
            }
            String pid = p.substring(0, eq).trim();
            int port;
            try {
                port = Integer.parseInt(p.substring(colon + 1).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--peers: bad port in '" + p.trim() + "'");
            }
            if (port < 1 || port > 65535) throw new IllegalArgumentException("--peers: port out of range in '" + p.trim() + "'");
            if (peers.put(pid, new Peer(pid, p.substring(eq + 1, colon).trim(), port)) != null) {
                throw new IllegalArgumentException("--peers: node '" + pid + "' listed twice");
            }
        }
        if (peers.isEmpty()) throw new IllegalArgumentException("--peers is empty");
        return peers;
    }

    private static String required(Map<String, String> m, String key) {
        String v = m.remove(key);
        if (v == null || v.isBlank()) throw new IllegalArgumentException("missing required option --" + key);
        return v;
    }

    private static long positive(Map<String, String> m, String key, long dflt) {
        String v = m.remove(key);
        if (v == null) return dflt;
        try {
            long n = Long.parseLong(v.trim());
            if (n <= 0) throw new IllegalArgumentException("--" + key + ": must be positive, got " + v);
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + ": not a number: '" + v + "'");
        }
    }
}
