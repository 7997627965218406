package dev.faultline.twopc;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Command-line options for both roles. Parsed by hand: the server must stay dependency-light
 * (Jackson and SLF4J only) so the harness can upload it anywhere.
 */
public record Options(
        String role,
        String id,
        Path dataDir,
        String bind,
        int port,
        Map<String, HostPort> participants,
        List<String> accounts,
        long initialBalance,
        HostPort coordinator,
        Set<Unsafe> unsafe,
        long prepareTimeoutMs,
        long requestTimeoutMs,
        long lockWaitMs,
        long decisionTimeoutMs,
        long readLeaseMs,
        long debugDelayAfterPrepareMs,
        long debugDelayAfterDecisionMs,
        long debugDelayBeforePrecommitMs,
        long queryTimeoutMs,
        boolean threePhase) {

    public static final String USAGE = """
            usage:
              twopc-bank --role coordinator --id c --data-dir DIR --client-port P \\
                         --participants p1=host:port,p2=host:port [options]
              twopc-bank --role participant --id p1 --data-dir DIR --port P \\
                         --accounts a0..a9 --initial-balance 100 --coordinator host:port [options]
            options:
              --bind ADDR                        listen address (default 0.0.0.0)
              --protocol 2pc|3pc                 commit protocol, the same on every node (default 2pc)
              --unsafe NAME[,NAME]               planted bugs: no-durable-prepare, unilateral-abort,
                                                 ack-before-decision, no-fsync
              --prepare-timeout-ms N             coordinator: wait for votes (default 2000)
              --request-timeout-ms N             coordinator: client request deadline (default 5000)
              --read-lease-ms N                  read locks expire after this (default 5000)
              --lock-wait-ms N                   participant: wait for account locks (default 1000)
              --decision-timeout-ms N            participant: ask the coordinator after (default 2000)
              --query-timeout-ms N               participant: wait this long for the coordinator's answer to an
                                                 in-doubt question and (3PC) for each peer's (default 1000)
              --debug-delay-after-prepare-ms N   test hook: coordinator sleeps between votes and decision
              --debug-delay-after-decision-ms N  test hook: coordinator sleeps between logging and sending commit
              --debug-delay-before-precommit-ms N
                                                 test hook (3PC): coordinator sleeps after the votes, deciding
                                                 (askers hear "pending"), before forcing its precommit record
            """;

    public boolean isCoordinator() {
        return role.equals("coordinator");
    }

    public boolean unsafe(Unsafe u) {
        return unsafe.contains(u);
    }

    public static Options parse(String[] args) {
        Map<String, String> m = new HashMap<>();
        Set<Unsafe> unsafe = EnumSet.noneOf(Unsafe.class);
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) throw new IllegalArgumentException("unexpected argument '" + a + "'");
            String key;
            String value;
            int eq = a.indexOf('=');
            if (eq > 0) {
                key = a.substring(2, eq);
                value = a.substring(eq + 1);
            } else {
                key = a.substring(2);
                if (i + 1 >= args.length) throw new IllegalArgumentException("--" + key + " needs a value");
                value = args[++i];
            }
            if (key.equals("unsafe")) {
                for (String u : value.split(",")) if (!u.isBlank()) unsafe.add(Unsafe.parse(u));
            } else if (m.put(key, value) != null) {
                throw new IllegalArgumentException("--" + key + " given twice");
            }
        }
        String role = required(m, "role");
        if (!role.equals("coordinator") && !role.equals("participant"))
            throw new IllegalArgumentException("--role must be coordinator or participant, got '" + role + "'");
        boolean coord = role.equals("coordinator");
        String id = required(m, "id");
        Path dataDir = Path.of(required(m, "data-dir"));
        String bind = m.containsKey("bind") ? m.remove("bind") : "0.0.0.0";
        int port = (int) number(m, coord ? "client-port" : "port", -1);
        if (port < 0) throw new IllegalArgumentException("--" + (coord ? "client-port" : "port") + " is required");
        Map<String, HostPort> participants = new LinkedHashMap<>();
        List<String> accounts = new ArrayList<>();
        HostPort coordinator = null;
        long initial = 0;
        if (coord) {
            for (String p : required(m, "participants").split(",")) {
                if (p.isBlank()) continue;
                int eq = p.indexOf('=');
                if (eq <= 0) throw new IllegalArgumentException("--participants: expected id=host:port, got '" + p + "'");
                String pid = p.substring(0, eq).trim();
                if (participants.put(pid, HostPort.parse(p.substring(eq + 1).trim(), "--participants " + pid)) != null)
                    throw new IllegalArgumentException("--participants: participant '" + pid + "' listed twice");
            }
            if (participants.isEmpty()) throw new IllegalArgumentException("--participants is empty");
        } else {
            accounts = Accounts.parse(required(m, "accounts"));
            initial = number(m, "initial-balance", 0);
            if (initial < 0) throw new IllegalArgumentException("--initial-balance must be >= 0");
            coordinator = HostPort.parse(required(m, "coordinator"), "--coordinator");
        }
        Options o = new Options(role, id, dataDir, bind, port, participants, accounts, initial, coordinator, unsafe,
                number(m, "prepare-timeout-ms", 2000),
                number(m, "request-timeout-ms", 5000),
                number(m, "lock-wait-ms", 1000),
                number(m, "decision-timeout-ms", 2000),
                number(m, "read-lease-ms", 5000),
                number(m, "debug-delay-after-prepare-ms", 0),
                number(m, "debug-delay-after-decision-ms", 0),
                number(m, "debug-delay-before-precommit-ms", 0),
                number(m, "query-timeout-ms", 1000),
                protocol(m.remove("protocol")));
        if (o.queryTimeoutMs() <= 0) throw new IllegalArgumentException("--query-timeout-ms must be > 0, got " + o.queryTimeoutMs());
        if (o.debugDelayBeforePrecommitMs() > 0 && !o.threePhase())
            throw new IllegalArgumentException("--debug-delay-before-precommit-ms needs --protocol 3pc (2PC has no precommit)");
        if (!m.isEmpty()) throw new IllegalArgumentException("unknown option(s): --" + String.join(", --", m.keySet()));
        return o;
    }

    private static boolean protocol(String p) {
        if (p == null || p.equals("2pc")) return false;
        if (p.equals("3pc")) return true;
        throw new IllegalArgumentException("--protocol must be 2pc or 3pc, got '" + p + "'");
    }

    private static String required(Map<String, String> m, String key) {
        String v = m.remove(key);
        if (v == null || v.isBlank()) throw new IllegalArgumentException("--" + key + " is required");
        return v;
    }

    private static long number(Map<String, String> m, String key, long dflt) {
        String v = m.remove(key);
        if (v == null) return dflt;
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + ": not a number: '" + v + "'");
        }
    }
}
