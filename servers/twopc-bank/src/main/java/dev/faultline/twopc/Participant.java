package dev.faultline.twopc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faultline.server.http.ApiError;
import dev.faultline.server.http.JsonHttpServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns a shard of accounts. Durable state = {@code state.json} (a checkpoint written at startup)
 * plus {@code participant.log} (records after the checkpoint, each with a log sequence number).
 *
 * <p>Prepare: X-lock the accounts, check funds, force a {@code prepared} record, vote yes. Commit:
 * apply the deltas, append a {@code commit} record (not forced: if it is lost the txn is prepared
 * again after restart and the coordinator answers "commit"), release. A prepared txn keeps its locks
 * until the decision arrives, across restarts; after {@code --decision-timeout-ms} (or at once after
 * a restart) the participant asks the coordinator.
 */
public final class Participant {
    private static final Logger log = LoggerFactory.getLogger(Participant.class);

    /**
     * A txn this participant voted yes on. {@code peers}: the txn's participants (id to host:port), sent
     * with the prepare under 3PC for the termination protocol; {@code precommitted}: 3PC PreCommit
     * received (and forced); {@code sinceNanos}: when the participant entered its current state.
     */
    record Prepared(String txn, Map<String, Long> deltas, long sinceNanos, boolean recovered, Map<String, String> peers,
                    boolean precommitted) {
        Prepared(String txn, Map<String, Long> deltas, long sinceNanos, boolean recovered) {
            this(txn, deltas, sinceNanos, recovered, Map.of(), false);
        }

        Prepared precommit() {
            return new Prepared(txn, deltas, System.nanoTime(), recovered, peers, true);
        }
    }

    private final Options opt;
    private final Set<String> accounts;
    private final Map<String, Long> balances = new TreeMap<>();
    private final Map<String, Prepared> prepared = new LinkedHashMap<>();
    /** Txns aborted here (or told to abort before their prepare arrived): a late prepare votes no. */
    private final Set<String> aborted = new HashSet<>();
    /** 3PC: the outcome of every txn decided here (true = committed), kept across restarts for peers' termination queries. */
    private final Map<String, Boolean> outcomes = new HashMap<>();
    private final LockTable locks = new LockTable();
    private final PhaseTimes times = new PhaseTimes();
    private final PeerClient peers = new PeerClient();
    private final Set<String> asking = ConcurrentHashMap.newKeySet();
    /** Answers from the coordinator that left a txn in doubt ("pending"): shown in /status. */
    private final AtomicLong inDoubtAnswers = new AtomicLong();
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "participant-timer");
        t.setDaemon(true);
        return t;
    });
    private DurableLog wal;
    private long lsn;
    private JsonHttpServer http;

    public Participant(Options opt) {
        this.opt = opt;
        this.accounts = Collections.unmodifiableSet(new java.util.LinkedHashSet<>(opt.accounts()));
    }

    public void start() throws Exception {
        recover();
        http = new JsonHttpServer(opt.bind(), opt.port(), opt.id(), 256)
                .route("POST", "/prepare", r -> onPrepare(r.body()))
                .route("POST", "/commit", b -> onDecision(JsonHttpServer.text(b.body(), "txn"), true))
                .route("POST", "/abort", b -> onDecision(JsonHttpServer.text(b.body(), "txn"), false))
                .route("POST", "/commit-one-phase", r -> onCommitOnePhase(r.body()))
                .route("POST", "/precommit", b -> onPreCommit(JsonHttpServer.text(b.body(), "txn")))
                .route("POST", "/txn-state", b -> Map.of("state", stateOf(JsonHttpServer.text(b.body(), "txn"))))
                .route("POST", "/read-lock", r -> onReadLock(r.body()))
                .route("POST", "/read-release", b -> Map.of("released", locks.release("read:" + JsonHttpServer.text(b.body(), "read"))))
                .route("GET", "/accounts", b -> Map.of("id", opt.id(), "accounts", accounts))
                .route("GET", "/status", b -> status());
        http.start();
        timers.scheduleWithFixedDelay(this::resolveInDoubt, 100, 200, TimeUnit.MILLISECONDS);
        log.info("participant {} listening on {}:{} with {} accounts, unsafe={}", opt.id(), opt.bind(), opt.port(),
                accounts.size(), opt.unsafe());
    }

    public void stop() {
        if (http != null) http.close();
        timers.shutdownNow();
    }

    // ---- recovery -------------------------------------------------------------------------

    private void recover() throws IOException, InterruptedException {
        Path dir = opt.dataDir();
        Files.createDirectories(dir);
        Path state = dir.resolve("state.json");
        long checkpointLsn = 0;
        if (Files.exists(state)) {
            JsonNode s;
            try {
                s = Json.MAPPER.readTree(state.toFile());
            } catch (IOException e) {
                throw new IOException(state + ": unreadable checkpoint: " + e.getMessage(), e);
            }
            checkpointLsn = s.path("lsn").asLong();
            Set<String> stored = new HashSet<>();
            s.path("balances").fields().forEachRemaining(e -> {
                balances.put(e.getKey(), e.getValue().asLong());
                stored.add(e.getKey());
            });
            if (!stored.equals(accounts))
                throw new IllegalArgumentException(state + ": field balances holds accounts " + new TreeMap<>(balances).keySet()
                        + " but --accounts says " + accounts);
            Set<String> pre = new HashSet<>();
            s.path("precommitted").forEach(t -> pre.add(t.asText()));
            s.path("prepared").fields().forEachRemaining(e ->
                    prepared.put(e.getKey(), new Prepared(e.getKey(), deltas(e.getValue()), System.nanoTime(), true,
                            peersOf(s.path("peers").get(e.getKey())), pre.contains(e.getKey()))));
            s.path("decided").fields().forEachRemaining(e -> outcomes.put(e.getKey(), e.getValue().asBoolean()));
        } else {
            for (String a : accounts) balances.put(a, opt.initialBalance());
        }
        List<JsonNode> records = new ArrayList<>();
        Path walPath = dir.resolve("participant.log");
        int line = 0;
        lsn = checkpointLsn;
        try (DurableLog old = DurableLog.open(walPath, records, fsync())) {
            for (JsonNode r : records) {
                line++;
                long n = r.path("lsn").asLong(-1);
                if (n <= checkpointLsn) continue;
                lsn = n;
                String txn = r.path("txn").asText();
                switch (r.path("t").asText()) {
                    case "prepared" -> prepared.put(txn, new Prepared(txn, deltas(r.get("deltas")), System.nanoTime(), true,
                            peersOf(r.get("peers")), false));
                    case "precommit" -> prepared.computeIfPresent(txn, (k, p) -> p.precommit());
                    case "commit" -> {
                        prepared.remove(txn);
                        deltas(r.get("deltas")).forEach((a, d) -> balances.merge(a, d, Long::sum));
                        if (opt.threePhase()) outcomes.put(txn, true);
                    }
                    case "abort" -> {
                        prepared.remove(txn);
                        if (opt.threePhase()) outcomes.put(txn, false);
                    }
                    default -> throw new IOException(walPath + ": line " + line + ": field t: unknown record type " + r.path("t"));
                }
            }
        }
        // Checkpoint, then start an empty log: the lsn filter makes a crash between the two harmless.
        DurableLog.writeAtomically(state, Json.MAPPER.writeValueAsBytes(checkpoint()), fsync());
        Files.deleteIfExists(walPath);
        DurableLog.forceDirectory(dir, fsync());
        wal = DurableLog.open(walPath, new ArrayList<>(), fsync());
        for (Prepared p : prepared.values()) {
            if (!locks.acquire(p.txn(), LockTable.Mode.EXCLUSIVE, p.deltas().keySet(), 0))
                throw new IllegalStateException("recovered prepared txns overlap on accounts: " + p.txn());
        }
        if (!prepared.isEmpty())
            log.info("recovered {} prepared txn(s) holding their locks: {}", prepared.size(), prepared.keySet());
    }

    private Map<String, Object> checkpoint() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lsn", lsn);
        m.put("balances", balances);
        Map<String, Object> p = new LinkedHashMap<>();
        for (Prepared x : prepared.values()) p.put(x.txn(), x.deltas());
        m.put("prepared", p);
        if (opt.threePhase()) {
            Map<String, Object> peers = new LinkedHashMap<>();
            for (Prepared x : prepared.values()) peers.put(x.txn(), x.peers());
            m.put("peers", peers);
            m.put("precommitted", prepared.values().stream().filter(Prepared::precommitted).map(Prepared::txn).toList());
            m.put("decided", new TreeMap<>(outcomes));
        }
        return m;
    }

    private static Map<String, String> peersOf(JsonNode n) {
        Map<String, String> out = new TreeMap<>();
        if (n != null) n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /** A prepare's or one-phase commit's {@code deltas}: a non-empty object of integers, else a 400. */
    private static Map<String, Long> requestDeltas(JsonNode body) {
        JsonNode dn = body.get("deltas");
        if (dn == null || !dn.isObject() || dn.isEmpty()) throw ApiError.badRequest("field 'deltas' must be a non-empty object");
        Map<String, Long> deltas = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = dn.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isIntegralNumber()) throw ApiError.badRequest("deltas." + e.getKey() + " must be an integer");
            deltas.put(e.getKey(), e.getValue().asLong());
        }
        return deltas;
    }

    private static Map<String, Long> deltas(JsonNode n) {
        Map<String, Long> d = new TreeMap<>();
        if (n != null) n.fields().forEachRemaining(e -> d.put(e.getKey(), e.getValue().asLong()));
        return d;
    }

    // ---- 2PC ------------------------------------------------------------------------------

    private Object onPrepare(JsonNode body) throws Exception {
        String txn = JsonHttpServer.text(body, "txn");
        Map<String, Long> deltas = requestDeltas(body);
        String unknown = deltas.keySet().stream().filter(a -> !accounts.contains(a)).findFirst().orElse(null);
        if (unknown != null) return vote(false, "unknown-account", "account " + unknown + " is not on " + opt.id());
        Map<String, String> txnPeers = peersOf(body.get("peers"));
        synchronized (this) {
            if (prepared.containsKey(txn)) return vote(true, null, null);
            if (outcomes.containsKey(txn)) return vote(false, "aborted", txn + " was already decided");
            if (aborted.contains(txn)) return vote(false, "aborted", txn + " was already aborted");
        }
        long t0 = System.nanoTime();
        boolean locked = locks.acquire(txn, LockTable.Mode.EXCLUSIVE, deltas.keySet(), opt.lockWaitMs());
        times.add("prepare.lock-wait", System.nanoTime() - t0);
        if (!locked)
            return vote(false, "lock-conflict", "accounts " + deltas.keySet() + " stayed locked for " + opt.lockWaitMs() + " ms");
        java.util.concurrent.CompletableFuture<Void> durable;
        synchronized (this) {
            if (aborted.contains(txn)) {
                locks.release(txn);
                return vote(false, "aborted", txn + " was aborted while waiting for locks");
            }
            for (Map.Entry<String, Long> e : deltas.entrySet()) {
                long after = balances.get(e.getKey()) + e.getValue();
                if (after < 0) {
                    locks.release(txn);
                    aborted.add(txn);
                    return vote(false, "insufficient-funds", e.getKey() + " has " + balances.get(e.getKey()));
                }
            }
            prepared.put(txn, new Prepared(txn, deltas, System.nanoTime(), false, txnPeers, false));
            if (opt.unsafe(Unsafe.NO_DURABLE_PREPARE)) return vote(true, null, null);
            Map<String, Object> rec = record("prepared", txn, deltas);
            if (!txnPeers.isEmpty()) rec.put("peers", txnPeers);
            durable = wal.append(rec, true);
        }
        long t1 = System.nanoTime();
        try {
            durable.get();
            times.add("prepare.force-wait", System.nanoTime() - t1);
        } catch (java.util.concurrent.ExecutionException e) {
            // We cannot know whether the vote is on disk: never vote yes on that. Fail-stop; recovery reads the log.
            log.error("forcing the prepared record of {} failed; halting", txn, e.getCause());
            Runtime.getRuntime().halt(70);
        }
        return vote(true, null, null);
    }

    private static void awaitDurable(java.util.concurrent.CompletableFuture<Void> durable, String txn) {
        try {
            durable.get();
        } catch (Exception e) {
            log.error("forcing a record of {} failed; halting", txn, e);
            Runtime.getRuntime().halt(70);
        }
    }

    // ---- 3PC ------------------------------------------------------------------------------

    /** PreCommit: force a {@code precommit} record, then acknowledge. From now on a timeout moves forward to commit. */
    private Object onPreCommit(String txn) {
        java.util.concurrent.CompletableFuture<Void> durable;
        synchronized (this) {
            Prepared p = prepared.get(txn);
            if (p == null) {
                if (Boolean.TRUE.equals(outcomes.get(txn))) return Map.of("ok", true);
                throw new ApiError(409, "not-prepared", true, txn + " is not prepared on " + opt.id() + " (state " + stateOf(txn) + ")");
            }
            if (p.precommitted()) return Map.of("ok", true);
            prepared.put(txn, p.precommit());
            durable = wal.append(record("precommit", txn, null), true);
        }
        awaitDurable(durable, txn);
        return Map.of("ok", true);
    }

    /** What this participant knows of a txn, for the coordinator's and the peers' termination protocol. */
    private synchronized String stateOf(String txn) {
        Prepared p = prepared.get(txn);
        if (p != null) return p.precommitted() ? "precommitted" : "prepared";
        Boolean o = outcomes.get(txn);
        if (o != null) return o ? "committed" : "aborted";
        return aborted.contains(txn) ? "aborted" : "unknown";
    }

    /**
     * One-phase commit of a txn that touches only this participant: lock, check funds, apply, force a
     * {@code commit} record, and only then release the locks and answer yes. Nothing is ever in doubt:
     * the record is on disk or the txn never happened.
     */
    private Object onCommitOnePhase(JsonNode body) throws Exception {
        String txn = JsonHttpServer.text(body, "txn");
        Map<String, Long> deltas = requestDeltas(body);
        String unknown = deltas.keySet().stream().filter(a -> !accounts.contains(a)).findFirst().orElse(null);
        if (unknown != null) return vote(false, "unknown-account", "account " + unknown + " is not on " + opt.id());
        long t0 = System.nanoTime();
        boolean locked = locks.acquire(txn, LockTable.Mode.EXCLUSIVE, deltas.keySet(), opt.lockWaitMs());
        times.add("one-phase.lock-wait", System.nanoTime() - t0);
        if (!locked) return vote(false, "lock-conflict", "accounts " + deltas.keySet() + " stayed locked for " + opt.lockWaitMs() + " ms");
        java.util.concurrent.CompletableFuture<Void> durable;
        try {
            synchronized (this) {
                if (aborted.contains(txn) || outcomes.containsKey(txn)) return vote(false, "aborted", txn + " was already decided");
                for (Map.Entry<String, Long> e : deltas.entrySet()) {
                    if (balances.get(e.getKey()) + e.getValue() < 0) {
                        aborted.add(txn);
                        return vote(false, "insufficient-funds", e.getKey() + " has " + balances.get(e.getKey()));
                    }
                }
                deltas.forEach((a, d) -> balances.merge(a, d, Long::sum));
                if (opt.threePhase()) outcomes.put(txn, true);
                durable = wal.append(record("commit", txn, deltas), true);
            }
            long t1 = System.nanoTime();
            awaitDurable(durable, txn); // the exclusive locks keep reads away from the balances until then
            times.add("one-phase.force-wait", System.nanoTime() - t1);
        } finally {
            locks.release(txn);
        }
        return vote(true, null, null);
    }

    private Map<String, Object> record(String type, String txn, Map<String, Long> deltas) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("lsn", ++lsn);
        r.put("t", type);
        r.put("txn", txn);
        if (deltas != null) r.put("deltas", deltas);
        return r;
    }

    private static Map<String, Object> vote(boolean yes, String reason, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("vote", yes ? "yes" : "no");
        if (reason != null) m.put("reason", reason);
        if (message != null) m.put("message", message);
        return m;
    }

    private Object onDecision(String txn, boolean commit) throws IOException {
        return Map.of("ok", true, "known", decide(txn, commit, false));
    }

    /**
     * Applies a decision; returns whether the txn was prepared here. {@code force}: the decision was
     * taken here (3PC termination), so it is made durable before anyone hears of it.
     */
    private boolean decide(String txn, boolean commit, boolean force) throws IOException {
        java.util.concurrent.CompletableFuture<Void> durable;
        synchronized (this) {
            Prepared p = prepared.remove(txn);
            if (p == null) {
                // Unknown at commit: it was prepared (durably) and already committed, so nothing to do.
                // With no-durable-prepare this assumption is what loses the half of a transfer.
                if (!commit) aborted.add(txn);
                if (opt.threePhase()) outcomes.putIfAbsent(txn, commit);
                return false;
            }
            if (opt.threePhase()) outcomes.put(txn, commit);
            if (!p.recovered()) times.add("locks-held-prepared-to-decision", System.nanoTime() - p.sinceNanos());
            if (commit) {
                p.deltas().forEach((a, d) -> balances.merge(a, d, Long::sum));
                durable = wal.append(record("commit", txn, p.deltas()), force);
            } else {
                aborted.add(txn);
                durable = wal.append(record("abort", txn, null), force);
            }
        }
        locks.release(txn);
        if (force) awaitDurable(durable, txn);
        log.debug("{} {}", commit ? "committed" : "aborted", txn);
        return true;
    }

    // ---- in-doubt resolution ----------------------------------------------------------------

    private void resolveInDoubt() {
        List<Prepared> due = new ArrayList<>();
        long now = System.nanoTime();
        synchronized (this) {
            for (Prepared p : prepared.values()) {
                if (p.recovered() || now - p.sinceNanos() > opt.decisionTimeoutMs() * 1_000_000L) due.add(p);
            }
        }
        for (Prepared p : due) {
            if (opt.unsafe(Unsafe.UNILATERAL_ABORT)) {
                log.warn("unsafe unilateral-abort: giving up on {} after {} ms without a decision", p.txn(), opt.decisionTimeoutMs());
                try {
                    decide(p.txn(), false, false);
                } catch (IOException e) {
                    log.warn("abort of {} failed", p.txn(), e);
                }
                continue;
            }
            if (!asking.add(p.txn())) continue;
            peers.post(opt.coordinator(), "/txn-status", Map.of("txn", p.txn(), "participant", opt.id()), opt.queryTimeoutMs())
                    .whenComplete((answer, err) -> {
                        try {
                            if (err != null) {
                                log.debug("asking the coordinator about {} failed: {}", p.txn(), err.toString());
                                if (opt.threePhase()) terminate(p);
                                return;
                            }
                            String decision = answer.path("decision").asText();
                            if (decision.equals("commit") || decision.equals("abort")) {
                                log.info("in-doubt {} resolved by the coordinator: {}", p.txn(), decision);
                                decide(p.txn(), decision.equals("commit"), false);
                            } else {
                                inDoubtAnswers.incrementAndGet();
                            }
                        } catch (IOException e) {
                            log.warn("applying the decision for {} failed", p.txn(), e);
                        } finally {
                            asking.remove(p.txn());
                        }
                    });
        }
    }

    /**
     * 3PC termination when the coordinator cannot be reached: ask the txn's other participants. Any
     * committed or precommitted: commit; any aborted or unknown (it never voted yes, so nothing was
     * precommitted): abort; otherwise our own state decides, prepared backs out to abort and
     * precommitted goes forward to commit. A participant that restarted precommitted does not go
     * forward on its own (a peer may have aborted while it was down): it waits for an answer.
     * Safe when processes only crash; under a partition each side decides alone and they can split.
     */
    private void terminate(Prepared p) throws IOException {
        Map<String, String> states = new TreeMap<>();
        for (Map.Entry<String, String> peer : p.peers().entrySet()) {
            if (peer.getKey().equals(opt.id())) continue;
            try {
                JsonNode a = peers.post(HostPort.parse(peer.getValue(), "peer " + peer.getKey()), "/txn-state",
                        Map.of("txn", p.txn()), opt.queryTimeoutMs()).get(opt.queryTimeoutMs() + 500, TimeUnit.MILLISECONDS);
                states.put(peer.getKey(), a.path("state").asText());
            } catch (Exception e) {
                states.put(peer.getKey(), "unreachable");
            }
        }
        Boolean commit;
        if (states.containsValue("committed") || states.containsValue("precommitted")) commit = true;
        else if (states.containsValue("aborted") || states.containsValue("unknown")) commit = false;
        else if (!p.precommitted()) commit = false;
        else commit = p.recovered() ? null : true;
        if (commit == null) {
            log.info("in-doubt {} (precommitted before a restart): peers {}; waiting for an answer", p.txn(), states);
            return;
        }
        synchronized (this) {
            Prepared now = prepared.get(p.txn());
            if (now == null || now.precommitted() != p.precommitted()) return; // decided or moved on meanwhile: ask again later
        }
        log.warn("3pc termination: coordinator unreachable; {} {} decides {} (peers {})", p.precommitted() ? "precommitted" : "prepared",
                p.txn(), commit ? "commit" : "abort", states);
        decide(p.txn(), commit, true);
    }

    // ---- reads ------------------------------------------------------------------------------

    private Object onReadLock(JsonNode body) throws Exception {
        String read = JsonHttpServer.text(body, "read");
        long leaseMs = body.path("leaseMs").asLong(opt.lockWaitMs());
        String owner = "read:" + read;
        long t0 = System.nanoTime();
        boolean locked = locks.acquire(owner, LockTable.Mode.SHARED, accounts, opt.lockWaitMs());
        times.add("read.lock-wait", System.nanoTime() - t0);
        if (!locked)
            throw new ApiError(503, "lock-conflict", true, "shared locks on " + opt.id() + " not granted within " + opt.lockWaitMs() + " ms");
        // The lease bounds how long a crashed or partitioned coordinator can block transfers.
        timers.schedule(() -> locks.release(owner), leaseMs, TimeUnit.MILLISECONDS);
        Map<String, Long> snapshot;
        synchronized (this) {
            snapshot = new TreeMap<>(balances);
        }
        return Map.of("id", opt.id(), "balances", snapshot);
    }

    private synchronized Object status() {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("role", "participant");
        n.put("id", opt.id());
        n.put("accounts", accounts.size());
        n.putPOJO("prepared", new ArrayList<>(prepared.keySet()));
        n.put("lsn", lsn);
        n.put("locksHeld", locks.heldCount());
        n.put("inDoubtAnswers", inDoubtAnswers.get());
        n.put("protocol", opt.threePhase() ? "3pc" : "2pc");
        n.putPOJO("precommitted", prepared.values().stream().filter(Prepared::precommitted).map(Prepared::txn).toList());
        n.putPOJO("unsafe", opt.unsafe().stream().map(Unsafe::flagName).toList());
        Map<String, Object> t = new LinkedHashMap<>(times.snapshot());
        wal.times().snapshot().forEach((k, v) -> t.put("log." + k, v));
        n.putPOJO("timings", t);
        return n;
    }

    private boolean fsync() {
        return !opt.unsafe(Unsafe.NO_FSYNC);
    }
}
