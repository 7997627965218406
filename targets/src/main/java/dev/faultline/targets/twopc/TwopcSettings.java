package dev.faultline.targets.twopc;

import dev.faultline.harness.spi.ParamSpec;
import dev.faultline.harness.control.Cluster;
import dev.faultline.harness.control.Node;
import dev.faultline.harness.spi.Params;
import dev.faultline.harness.spi.TestOptions;
import dev.faultline.workloads.bank.BankSettings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * twopc-bank adapter knobs from {@code --param}: {@code twopc-bank.coordinator-port} (8201),
 * {@code twopc-bank.participant-port} (7201; node i, 0-based in cluster order, uses 7201 + i),
 * {@code twopc-bank.client-timeout-ms} (3000), {@code twopc-bank.start-timeout-s} (60),
 * {@code twopc-bank.heap} (192m), and server flags passed to the role that understands them:
 * coordinator {@code request-timeout-ms} (2000 here; the server's own default is 5000),
 * {@code prepare-timeout-ms} (1000 here), {@code read-lease-ms}, {@code debug-delay-after-prepare-ms},
 * {@code debug-delay-after-decision-ms}, {@code debug-delay-before-precommit-ms} (threepc-bank only);
 * participants {@code lock-wait-ms}, {@code decision-timeout-ms}, {@code query-timeout-ms}
 * (all as {@code twopc-bank.NAME}). Accounts and their initial balance come from the bank workload's
 * {@code bank.accounts} and {@code bank.initial-balance} ({@link BankSettings}).
 */
record TwopcSettings(int coordinatorPort, int participantPort, Duration clientTimeout, Duration startTimeout, String heap,
                     List<String> coordinatorArgs, List<String> participantArgs, BankSettings bank, Set<String> unsafe) {

    static final String NO_DURABLE_PREPARE = "no-durable-prepare";
    static final String UNILATERAL_ABORT = "unilateral-abort";
    static final String ACK_BEFORE_DECISION = "ack-before-decision";
    static final String NO_FSYNC = "no-fsync";
    /** Planted bugs of the participants, passed to them only. */
    private static final Set<String> PARTICIPANT_SWITCHES = Set.of(NO_DURABLE_PREPARE, UNILATERAL_ABORT, NO_FSYNC);
    /** Planted bugs of the coordinator, passed to it only. */
    private static final Set<String> COORDINATOR_SWITCHES = Set.of(ACK_BEFORE_DECISION, NO_FSYNC);
    static final Set<String> SWITCHES = Set.of(NO_DURABLE_PREPARE, UNILATERAL_ABORT, ACK_BEFORE_DECISION, NO_FSYNC);

    private static final List<String> COORDINATOR_FLAGS = List.of("request-timeout-ms", "prepare-timeout-ms", "read-lease-ms",
            "debug-delay-after-prepare-ms", "debug-delay-after-decision-ms", "debug-delay-before-precommit-ms");
    private static final List<String> PARTICIPANT_FLAGS = List.of("lock-wait-ms", "decision-timeout-ms", "query-timeout-ms");
    private static final String BEFORE_PRECOMMIT = "twopc-bank.debug-delay-before-precommit-ms";
    private static final Map<String, Long> DEFAULTS = Map.of("request-timeout-ms", 2000L, "prepare-timeout-ms", 1000L);

    /** Every {@code --param} key {@link #of} reads (besides the bank workload's). */
    static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.of("twopc-bank.coordinator-port", 8201, "coordinator client port"),
            ParamSpec.of("twopc-bank.participant-port", 7201, "participant port; node i (0-based) uses this + i"),
            ParamSpec.of("twopc-bank.client-timeout-ms", 3000, "client request timeout in ms"),
            ParamSpec.of("twopc-bank.start-timeout-s", 60, "seconds a node has to answer after start"),
            ParamSpec.of("twopc-bank.heap", "192m", "JVM -Xmx of each server"),
            ParamSpec.of("twopc-bank.request-timeout-ms", 2000, "coordinator: timeout of one transfer in ms (server default 5000)"),
            ParamSpec.of("twopc-bank.prepare-timeout-ms", 1000, "coordinator: how long it waits for prepare votes, in ms"),
            ParamSpec.of("twopc-bank.read-lease-ms", "", "coordinator --read-lease-ms (server default if unset)"),
            ParamSpec.of("twopc-bank.debug-delay-after-prepare-ms", "", "coordinator: sleep after prepare, to widen race windows"),
            ParamSpec.of("twopc-bank.debug-delay-after-decision-ms", "", "coordinator: sleep after the decision, to widen race windows"),
            ParamSpec.of(BEFORE_PRECOMMIT, "", "threepc-bank coordinator: sleep after the votes, before forcing the precommit record "
                    + "(askers hear pending), to widen the window a partition splits"),
            ParamSpec.of("twopc-bank.lock-wait-ms", "", "participant --lock-wait-ms (server default if unset)"),
            ParamSpec.of("twopc-bank.decision-timeout-ms", "", "participant --decision-timeout-ms (server default if unset)"),
            ParamSpec.of("twopc-bank.query-timeout-ms", "", "participant --query-timeout-ms: wait for the coordinator's (and, 3PC, "
                    + "each peer's) answer about an in-doubt txn (server default 1000 if unset)"));

    private static void addUnsafe(List<String> args, Set<String> wanted, Set<String> ofThisRole) {
        java.util.TreeSet<String> these = new java.util.TreeSet<>(wanted);
        these.retainAll(ofThisRole);
        if (!these.isEmpty()) args.addAll(List.of("--unsafe", String.join(",", these)));
    }

    static TwopcSettings of(TestOptions o) {
        return of(o, false);
    }

    /**
     * @param threePhase the servers run {@code --protocol 3pc} (target threepc-bank); the planted bugs
     *                   are 2PC's, so none is accepted then
     */
    static TwopcSettings of(TestOptions o, boolean threePhase) {
        Set<String> known = threePhase ? Set.of() : SWITCHES;
        for (String u : o.unsafe()) {
            if (!known.contains(u))
                throw new IllegalArgumentException("--unsafe " + u + ": " + (threePhase ? "threepc-bank has no planted bugs (its partition "
                        + "finding is the protocol's own)" : "twopc-bank knows only " + SWITCHES));
        }
        Params p = Params.of(o);
        if (!threePhase && p.has(BEFORE_PRECOMMIT))
            throw new IllegalArgumentException("--param " + BEFORE_PRECOMMIT + ": two-phase commit has no precommit (threepc-bank only)");
        Duration clientTimeout = p.millis("twopc-bank.client-timeout-ms", 3000);
        List<String> coordinator = flags(p, COORDINATOR_FLAGS);
        List<String> participant = flags(p, PARTICIPANT_FLAGS);
        if (threePhase) {
            coordinator.addAll(List.of("--protocol", "3pc"));
            participant.addAll(List.of("--protocol", "3pc"));
        }
        addUnsafe(participant, o.unsafe(), PARTICIPANT_SWITCHES);
        addUnsafe(coordinator, o.unsafe(), COORDINATOR_SWITCHES);
        return new TwopcSettings(
                p.intValue("twopc-bank.coordinator-port", 8201),
                p.intValue("twopc-bank.participant-port", 7201),
                clientTimeout,
                p.seconds("twopc-bank.start-timeout-s", 60),
                p.string("twopc-bank.heap", "192m"),
                List.copyOf(coordinator), List.copyOf(participant), BankSettings.of(o), o.unsafe());
    }

    private static List<String> flags(Params p, List<String> names) {
        List<String> out = new ArrayList<>();
        for (String f : names) {
            String key = "twopc-bank." + f;
            if (!p.has(key) && !DEFAULTS.containsKey(f)) continue;
            out.addAll(List.of("--" + f, Long.toString(p.longValue(key, DEFAULTS.getOrDefault(f, 0L)))));
        }
        return out;
    }

    /**
     * Participant i's port is base + i: on containers and hosts one port would do, but local nodes
     * share one network stack.
     */
    int participantPort(Cluster cluster, Node node) {
        return participantPort + cluster.nodes().indexOf(node);
    }

    /** The participant on node i (0-based) owns accounts a_j with j mod nodes = i. */
    String accountsOf(Cluster cluster, Node node) {
        int i = cluster.nodes().indexOf(node);
        int n = cluster.size();
        if (bank.accounts() < n) {
            throw new IllegalArgumentException("--param bank.accounts=" + bank.accounts() + ": twopc-bank runs a participant on each of the "
                    + n + " nodes and each needs at least one account");
        }
        List<String> mine = new ArrayList<>();
        for (int j = i; j < bank.accounts(); j += n) mine.add(BankSettings.account(j));
        return String.join(",", mine);
    }

    /** Participant ids are the node names. */
    static Map<String, Node> participants(Cluster cluster) {
        Map<String, Node> out = new LinkedHashMap<>();
        for (Node n : cluster.nodes()) out.put(n.name(), n);
        return out;
    }

    List<String> jvmOptions() {
        return List.of("-Xmx" + heap, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    }
}
