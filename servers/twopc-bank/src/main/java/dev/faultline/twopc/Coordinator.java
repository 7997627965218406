package dev.faultline.twopc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faultline.server.http.ApiError;
import dev.faultline.server.http.JsonHttpServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs transfers as two-phase commits and reads as shared-lock snapshots over every participant.
 *
 * <p>Decision log {@code coordinator.log}: a {@code commit} record is forced before any commit is
 * sent; {@code end} records (not forced) say every participant acknowledged. Aborts are never
 * logged (presumed abort): a txn with no commit record is aborted, by whoever asks. Txn ids carry
 * an epoch that is incremented durably at every start, so ids never repeat across restarts.
 */
public final class Coordinator {
    private static final Logger log = LoggerFactory.getLogger(Coordinator.class);

    enum Phase { PREPARING, DECIDING, PRECOMMITTED, COMMITTED, ABORTED, ABANDONED }

    /** One transfer in flight. {@code parts}: participant id to account deltas. */
    static final class Txn {
        final String id;
        final Map<String, Map<String, Long>> parts;
        final AtomicReference<Phase> phase = new AtomicReference<>(Phase.PREPARING);
        /** The answer to the client: when the txn ends, or (unsafe ack-before-decision) once the votes are in. */
        final CompletableFuture<Outcome> answer = new CompletableFuture<>();

        Txn(String id, Map<String, Map<String, Long>> parts) {
            this.id = id;
            this.parts = parts;
        }
    }

    /** What the transfer came to. */
    record Outcome(boolean committed, ApiError error) {}

    private final Options opt;
    private final PeerClient peers = new PeerClient();
    private final Map<String, String> accountOwner = new ConcurrentHashMap<>();
    private final Set<String> mapped = ConcurrentHashMap.newKeySet();
    private final Map<String, Txn> active = new ConcurrentHashMap<>();
    private final Set<String> committed = ConcurrentHashMap.newKeySet();
    private final Map<String, List<String>> unacknowledged = new ConcurrentHashMap<>();
    /** 3PC, after a restart: txns with a precommit record but no outcome; the termination protocol decides them. */
    private final Map<String, List<String>> undecided = new ConcurrentHashMap<>();
    private final AtomicLong seq = new AtomicLong();
    private final AtomicLong committedCount = new AtomicLong();
    private final AtomicLong abortedCount = new AtomicLong();
    private final PhaseTimes times = new PhaseTimes();
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "txn-worker");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "coordinator-timer");
        t.setDaemon(true);
        return t;
    });
    private long epoch;
    private DurableLog decisions;
    private JsonHttpServer http;

    public Coordinator(Options opt) {
        this.opt = opt;
    }

    public void start() throws IOException {
        recover();
        http = new JsonHttpServer(opt.bind(), opt.port(), opt.id(), 256)
                .route("POST", "/transfer", r -> onTransfer(r.body()))
                .route("GET", "/balances", b -> onRead())
                .route("POST", "/txn-status", b -> Map.of("decision", statusOf(JsonHttpServer.text(b.body(), "txn"))))
                .route("GET", "/status", b -> status());
        http.start();
        timers.scheduleWithFixedDelay(this::refreshAccountMap, 0, 500, TimeUnit.MILLISECONDS);
        timers.scheduleWithFixedDelay(this::resendCommits, 200, 300, TimeUnit.MILLISECONDS);
        if (!undecided.isEmpty()) timers.scheduleWithFixedDelay(this::terminateUndecided, 100, 500, TimeUnit.MILLISECONDS);
        log.info("coordinator {} epoch {} listening on {}:{}; participants {}; {} commit(s) to finish", opt.id(), epoch,
                opt.bind(), opt.port(), opt.participants(), unacknowledged.size());
    }

    public void stop() {
        if (http != null) http.close();
        timers.shutdownNow();
        workers.shutdownNow();
    }

    // ---- recovery -------------------------------------------------------------------------

    private void recover() throws IOException {
        Path dir = opt.dataDir();
        Files.createDirectories(dir);
        Path epochFile = dir.resolve("epoch");
        if (Files.exists(epochFile)) {
            String text = Files.readString(epochFile, StandardCharsets.UTF_8).trim();
            try {
                epoch = Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new IOException(epochFile + ": line 1: not a number: '" + text + "'");
            }
        }
        epoch++;
        DurableLog.writeAtomically(epochFile, Long.toString(epoch).getBytes(StandardCharsets.UTF_8), !opt.unsafe(Unsafe.NO_FSYNC));
        List<JsonNode> records = new ArrayList<>();
        decisions = DurableLog.open(dir.resolve("coordinator.log"), records, !opt.unsafe(Unsafe.NO_FSYNC));
        Map<String, List<String>> open = new LinkedHashMap<>();
        for (JsonNode r : records) {
            String txn = r.path("txn").asText();
            List<String> ps = new ArrayList<>();
            r.path("participants").forEach(p -> ps.add(p.asText()));
            switch (r.path("t").asText()) {
                case "precommit" -> undecided.put(txn, ps);
                case "commit" -> {
                    undecided.remove(txn);
                    committed.add(txn);
                    open.put(txn, ps);
                }
                case "abort" -> undecided.remove(txn);
                case "end" -> open.remove(txn);
                default -> throw new IOException(decisions.path() + ": unknown record type " + r.path("t"));
            }
        }
        // Committed but not known to be applied everywhere: send commit again until acknowledged.
        unacknowledged.putAll(open);
        if (!open.isEmpty()) log.info("recovery: re-sending commit for {}", open.keySet());
        if (!undecided.isEmpty()) log.info("recovery: precommitted, outcome unknown (asking the participants): {}", undecided.keySet());
    }

    // ---- transfers ------------------------------------------------------------------------

    private Object onTransfer(JsonNode body) throws Exception {
        String from = JsonHttpServer.text(body, "from");
        String to = JsonHttpServer.text(body, "to");
        long amount = JsonHttpServer.integer(body, "amount");
        if (amount <= 0) throw ApiError.badRequest("field 'amount' must be > 0, got " + amount);
        if (from.equals(to)) throw ApiError.badRequest("fields 'from' and 'to' name the same account " + from);
        String pFrom = owner(from);
        String pTo = owner(to);
        Map<String, Map<String, Long>> parts = new TreeMap<>();
        parts.computeIfAbsent(pFrom, k -> new TreeMap<>()).put(from, -amount);
        parts.computeIfAbsent(pTo, k -> new TreeMap<>()).put(to, amount);
        Txn txn = new Txn("t-" + epoch + "-" + seq.incrementAndGet(), parts);
        active.put(txn.id, txn);
        long queued = System.nanoTime();
        CompletableFuture.supplyAsync(() -> {
            times.add("transfer.queued", System.nanoTime() - queued);
            return run(txn);
        }, workers).whenComplete((o, e) -> {
            if (e != null) txn.answer.completeExceptionally(e);
            else txn.answer.complete(o);
        });
        Outcome outcome;
        try {
            outcome = txn.answer.get(opt.requestTimeoutMs(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            if (txn.phase.compareAndSet(Phase.PREPARING, Phase.ABANDONED))
                throw new ApiError(503, "unavailable", true, txn.id + ": votes not in after " + opt.requestTimeoutMs() + " ms; aborted");
            throw new ApiError(504, "timeout", false, txn.id + ": no answer within " + opt.requestTimeoutMs()
                    + " ms after the decision was taken (" + txn.phase.get() + ")");
        } catch (ExecutionException e) {
            throw new ApiError(500, "internal", false, txn.id + ": " + e.getCause());
        }
        if (outcome.error() != null) throw outcome.error();
        return Map.of("txn", txn.id, "committed", true);
    }

    private String owner(String account) {
        String p = accountOwner.get(account);
        if (p != null) return p;
        refreshAccountMap();
        p = accountOwner.get(account);
        if (p != null) return p;
        if (mapped.size() < opt.participants().size())
            throw ApiError.unavailable("account " + account + " unknown and participants " + unmapped() + " not reachable");
        throw ApiError.badRequest("unknown account " + account);
    }

    private List<String> unmapped() {
        return opt.participants().keySet().stream().filter(p -> !mapped.contains(p)).toList();
    }

    private void refreshAccountMap() {
        for (String p : unmapped()) {
            try {
                JsonNode a = peers.get(opt.participants().get(p), "/accounts", 1000).get(1500, TimeUnit.MILLISECONDS);
                a.path("accounts").forEach(acc -> {
                    String prev = accountOwner.putIfAbsent(acc.asText(), p);
                    if (prev != null && !prev.equals(p))
                        log.error("account {} claimed by both {} and {}; keeping {}", acc.asText(), prev, p, prev);
                });
                mapped.add(p);
            } catch (Exception e) {
                log.debug("account map from {}: {}", p, e.toString());
            }
        }
    }

    private Outcome run(Txn txn) {
        long t0 = System.nanoTime();
        if (txn.parts.size() == 1 && opt.unsafe().isEmpty()) return runOnePhase(txn, t0);
        try {
            // Prepare one participant at a time in id order: every txn takes its locks in one global
            // order, so transfers cannot deadlock across participants (see docs/twopc-bank.md).
            ApiError refusal = null;
            for (Map.Entry<String, Map<String, Long>> part : txn.parts.entrySet()) {
                if (txn.phase.get() != Phase.PREPARING) {
                    refusal = ApiError.unavailable(txn.id + " was abandoned while preparing");
                    break;
                }
                try {
                    JsonNode answer = peers.post(opt.participants().get(part.getKey()), "/prepare",
                                    prepareBody(txn, part.getValue()), opt.prepareTimeoutMs())
                            .get(opt.prepareTimeoutMs() + 500, TimeUnit.MILLISECONDS);
                    refusal = refusal(part.getKey(), answer);
                } catch (Exception e) {
                    refusal = ApiError.unavailable(part.getKey() + " did not vote: " + rootCause(e));
                }
                if (refusal != null) break;
            }
            times.add("transfer.prepare", System.nanoTime() - t0);
            if (refusal != null) return abort(txn, refusal);
            if (opt.unsafe(Unsafe.ACK_BEFORE_DECISION)) {
                // Planted bug: "every vote is yes, so it will commit" -- but nothing durable says so yet.
                if (txn.phase.compareAndSet(Phase.PREPARING, Phase.DECIDING)) txn.answer.complete(new Outcome(true, null));
            }
            sleep(opt.debugDelayAfterPrepareMs());
            if (txn.phase.get() != Phase.DECIDING && !txn.phase.compareAndSet(Phase.PREPARING, Phase.DECIDING))
                return abort(txn, ApiError.unavailable(txn.id + " was abandoned before the decision"));
            long t1 = System.nanoTime();
            if (opt.threePhase()) preCommit(txn);
            logCommit(txn);
            long t2 = System.nanoTime();
            times.add("transfer.decision-force", t2 - t1);
            if (!opt.threePhase()) sleep(opt.debugDelayAfterDecisionMs());
            List<CompletableFuture<JsonNode>> acks = new ArrayList<>();
            txn.parts.keySet().forEach(p -> acks.add(sendCommit(txn.id, p)));
            try {
                CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(opt.prepareTimeoutMs(), TimeUnit.MILLISECONDS);
                decisions.append(Map.of("t", "end", "txn", txn.id), false);
            } catch (Exception e) {
                // The decision is durable: the participants hold their locks until the commit gets through.
                unacknowledged.put(txn.id, new ArrayList<>(txn.parts.keySet()));
                log.info("{} committed; commit not yet acknowledged ({}); will re-send", txn.id, rootCause(e));
            }
            committedCount.incrementAndGet();
            times.add("transfer.commit-acks", System.nanoTime() - t2);
            times.add("transfer.committed-total", System.nanoTime() - t0);
            if (log.isDebugEnabled())
                log.debug("{} committed: prepare {} ms, decision {} ms, commit {} ms", txn.id, (t1 - t0) / 1_000_000,
                        (t2 - t1) / 1_000_000, (System.nanoTime() - t2) / 1_000_000);
            return new Outcome(true, null);
        } catch (IOException e) {
            // The decision log failed: we cannot tell what is on disk. Fail-stop; recovery reads the log.
            log.error("decision log write failed; halting", e);
            Runtime.getRuntime().halt(70);
            throw new IllegalStateException(e);
        } finally {
            active.remove(txn.id);
        }
    }

    private Map<String, Object> prepareBody(Txn txn, Map<String, Long> deltas) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("txn", txn.id);
        b.put("deltas", deltas);
        if (opt.threePhase()) {
            // The termination protocol: a participant that cannot reach us asks the txn's other participants.
            Map<String, String> ps = new TreeMap<>();
            txn.parts.keySet().forEach(p -> ps.put(p, opt.participants().get(p).toString()));
            b.put("peers", ps);
        }
        return b;
    }

    /**
     * 3PC phase 2. The precommit record is forced first: from then on this coordinator only moves
     * forward (a restart finishes the txn through the termination protocol). Participants that miss
     * the PreCommit are committed by the DoCommit that follows, re-sent until acknowledged.
     */
    private void preCommit(Txn txn) throws IOException {
        // Test hook: every vote is in and the txn is DECIDING (a participant asking hears "pending" and
        // stays prepared), but nothing is forced yet: a partition now leaves a cut-off participant
        // prepared while this coordinator goes forward (docs/twopc-bank.md, three-phase commit).
        sleep(opt.debugDelayBeforePrecommitMs());
        decisions.appendDurably(Map.of("t", "precommit", "txn", txn.id, "participants", new ArrayList<>(txn.parts.keySet())));
        txn.phase.set(Phase.PRECOMMITTED);
        long t0 = System.nanoTime();
        List<CompletableFuture<JsonNode>> acks = new ArrayList<>();
        txn.parts.keySet().forEach(p -> acks.add(peers.post(opt.participants().get(p), "/precommit", Map.of("txn", txn.id),
                opt.prepareTimeoutMs())));
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(opt.prepareTimeoutMs() + 500, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.info("{}: precommit not acknowledged by every participant ({}); going forward", txn.id, rootCause(e));
        }
        times.add("transfer.precommit", System.nanoTime() - t0);
        sleep(opt.debugDelayAfterDecisionMs()); // 3PC: between the PreCommits and the commit record
    }

    /**
     * 3PC recovery: a precommit record without an outcome. Ask every participant of the txn: any
     * committed or precommitted means commit; any aborted or unknown means abort (someone backed out
     * in the termination protocol, or never voted); all prepared means nobody went forward: abort.
     * While one does not answer and no answer decides, the txn stays undecided ({@code pending}).
     */
    private void terminateUndecided() {
        for (Map.Entry<String, List<String>> e : undecided.entrySet()) {
            String txn = e.getKey();
            Map<String, String> states = new TreeMap<>();
            for (String p : e.getValue()) {
                try {
                    states.put(p, peers.post(opt.participants().get(p), "/txn-state", Map.of("txn", txn), 1000)
                            .get(1500, TimeUnit.MILLISECONDS).path("state").asText());
                } catch (Exception ex) {
                    states.put(p, "unreachable");
                }
            }
            Boolean commit = null;
            if (states.containsValue("committed") || states.containsValue("precommitted")) commit = true;
            else if (states.containsValue("aborted") || states.containsValue("unknown")) commit = false;
            else if (!states.containsValue("unreachable")) commit = false;
            if (commit == null) continue;
            try {
                if (commit) {
                    decisions.appendDurably(Map.of("t", "commit", "txn", txn, "participants", e.getValue()));
                    committed.add(txn);
                    unacknowledged.put(txn, e.getValue());
                } else {
                    decisions.appendDurably(Map.of("t", "abort", "txn", txn));
                    e.getValue().forEach(p -> peers.post(opt.participants().get(p), "/abort", Map.of("txn", txn), 1000));
                }
            } catch (IOException ex) {
                log.error("decision log write failed; halting", ex);
                Runtime.getRuntime().halt(70);
            }
            undecided.remove(txn);
            log.info("3pc recovery: {} {} (participants {})", txn, commit ? "committed" : "aborted", states);
        }
    }

    /**
     * A transfer within one participant needs no vote: that participant commits it alone and durably
     * (one-phase commit, as XA's TMONEPHASE). The client gets ok only after its forced commit record.
     * With a planted bug on, every transfer takes the full protocol, so the bug's exposure is unchanged.
     */
    private Outcome runOnePhase(Txn txn, long t0) {
        // From here a timeout is not definite: the participant may have committed.
        if (!txn.phase.compareAndSet(Phase.PREPARING, Phase.DECIDING)) {
            active.remove(txn.id);
            abortedCount.incrementAndGet();
            return new Outcome(false, ApiError.unavailable(txn.id + " was abandoned before it was sent"));
        }
        Map.Entry<String, Map<String, Long>> part = txn.parts.entrySet().iterator().next();
        try {
            JsonNode answer = peers.post(opt.participants().get(part.getKey()), "/commit-one-phase",
                    Map.of("txn", txn.id, "deltas", part.getValue()), opt.prepareTimeoutMs())
                    .get(opt.prepareTimeoutMs() + 500, TimeUnit.MILLISECONDS);
            ApiError refusal = refusal(part.getKey(), answer);
            if (refusal != null) {
                txn.phase.set(Phase.ABORTED);
                abortedCount.incrementAndGet();
                return new Outcome(false, refusal);
            }
            txn.phase.set(Phase.COMMITTED);
            committedCount.incrementAndGet();
            times.add("transfer.one-phase", System.nanoTime() - t0);
            return new Outcome(true, null);
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            return new Outcome(false, new ApiError(504, "timeout", false, txn.id + ": " + part.getKey()
                    + " did not answer the one-phase commit: " + rootCause(e)));
        } finally {
            active.remove(txn.id);
        }
    }

    private void logCommit(Txn txn) throws IOException {
        decisions.appendDurably(Map.of("t", "commit", "txn", txn.id, "participants", new ArrayList<>(txn.parts.keySet())));
        committed.add(txn.id);
        txn.phase.set(Phase.COMMITTED);
    }

    private Outcome abort(Txn txn, ApiError why) {
        txn.phase.set(txn.phase.get() == Phase.ABANDONED ? Phase.ABANDONED : Phase.ABORTED);
        abortedCount.incrementAndGet();
        // Best effort: a participant that misses this asks later and hears "abort" (presumed abort).
        txn.parts.keySet().forEach(p -> peers.post(opt.participants().get(p), "/abort", Map.of("txn", txn.id), 1000));
        return new Outcome(false, why);
    }

    private static ApiError refusal(String participant, JsonNode answer) {
        if (answer != null && answer.path("vote").asText().equals("yes")) return null;
        String reason = answer == null ? "no-vote" : answer.path("reason").asText("no-vote");
        String msg = participant + " voted no: " + (answer == null ? "" : answer.path("message").asText(reason));
        return switch (reason) {
            case "insufficient-funds" -> new ApiError(409, "insufficient-funds", true, msg);
            case "lock-conflict" -> new ApiError(409, "lock-conflict", true, msg);
            case "unknown-account" -> ApiError.badRequest(msg);
            default -> ApiError.unavailable(msg);
        };
    }

    private CompletableFuture<JsonNode> sendCommit(String txn, String participant) {
        return peers.post(opt.participants().get(participant), "/commit", Map.of("txn", txn), opt.prepareTimeoutMs());
    }

    private void resendCommits() {
        // All at once: one down participant must not delay the others' txns by a timeout each.
        Map<String, CompletableFuture<Void>> rounds = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : unacknowledged.entrySet()) {
            List<CompletableFuture<JsonNode>> acks = e.getValue().stream().map(p -> sendCommit(e.getKey(), p)).toList();
            rounds.put(e.getKey(), CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)));
        }
        long deadline = System.nanoTime() + (opt.prepareTimeoutMs() + 500) * 1_000_000L;
        for (Map.Entry<String, CompletableFuture<Void>> r : rounds.entrySet()) {
            String txn = r.getKey();
            try {
                r.getValue().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                decisions.append(Map.of("t", "end", "txn", txn), false);
                log.info("{}: commit acknowledged by {}", txn, unacknowledged.remove(txn));
            } catch (Exception ex) {
                log.debug("{}: commit still not acknowledged: {}", txn, rootCause(ex));
            }
        }
    }

    /** The answer to a participant asking about an in-doubt txn. */
    private String statusOf(String txn) {
        Txn t = active.get(txn);
        if (t != null) {
            // Still voting: give up on it rather than keep the asker blocked.
            if (t.phase.compareAndSet(Phase.PREPARING, Phase.ABANDONED)) return "abort";
            return switch (t.phase.get()) {
                case DECIDING -> "pending";
                case PRECOMMITTED, COMMITTED -> "commit";
                default -> "abort";
            };
        }
        if (undecided.containsKey(txn)) return "pending";
        return committed.contains(txn) ? "commit" : "abort";
    }

    // ---- reads ------------------------------------------------------------------------------

    /**
     * Takes shared locks on every account of every participant (strict two-phase locking), reads,
     * then releases. The balances are those after every transfer that released its locks before the
     * read got them and before every transfer that locked afterwards: a serializable snapshot.
     */
    private Object onRead() {
        String read = "r-" + epoch + "-" + seq.incrementAndGet();
        long lease = opt.readLeaseMs();
        long start = System.nanoTime();
        Map<String, Long> balances = new TreeMap<>();
        try {
            // In participant id order, like transfers, so a read and a transfer cannot deadlock.
            for (String p : new TreeMap<>(opt.participants()).keySet()) {
                JsonNode n;
                try {
                    n = peers.post(opt.participants().get(p), "/read-lock", Map.of("read", read, "leaseMs", lease), lease / 2)
                            .get(lease / 2 + 500, TimeUnit.MILLISECONDS);
                } catch (Exception e) {
                    throw ApiError.unavailable("read: " + p + " did not grant shared locks: " + rootCause(e));
                }
                n.path("balances").fields().forEachRemaining(f -> balances.put(f.getKey(), f.getValue().asLong()));
            }
            // Every grant happened after `start`; every lease ends at least `lease` after its grant.
            // Answering within lease/2 of `start` proves all locks were held together at this instant.
            long elapsedMs = (System.nanoTime() - start) / 1_000_000L;
            if (elapsedMs >= lease / 2)
                throw ApiError.unavailable("read took " + elapsedMs + " ms, over half the lease of " + lease + " ms");
        } finally {
            opt.participants().forEach((p, addr) -> peers.post(addr, "/read-release", Map.of("read", read), 1000));
            times.add("read", System.nanoTime() - start);
        }
        return Map.of("balances", balances);
    }

    private Object status() {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("role", "coordinator");
        n.put("id", opt.id());
        n.put("epoch", epoch);
        n.put("active", active.size());
        n.put("committed", committedCount.get());
        n.put("aborted", abortedCount.get());
        n.putPOJO("unacknowledged", new ArrayList<>(unacknowledged.keySet()));
        n.put("protocol", opt.threePhase() ? "3pc" : "2pc");
        if (opt.threePhase()) n.putPOJO("undecided", new ArrayList<>(undecided.keySet()));
        n.putPOJO("participants", opt.participants().keySet());
        n.putPOJO("unmapped", unmapped());
        n.putPOJO("unsafe", opt.unsafe().stream().map(Unsafe::flagName).toList());
        Map<String, Object> t = new LinkedHashMap<>(times.snapshot());
        decisions.times().snapshot().forEach((k, v) -> t.put("log." + k, v));
        n.putPOJO("timings", t);
        return n;
    }

    private static void sleep(long ms) {
        if (ms <= 0) return;
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.toString();
    }
}
