package dev.faultline.paxos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.server.http.ApiError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The proposer side of CASPaxos: every client operation is one round on its key. Phase 1 sends
 * prepare(b) to every acceptor and waits for a majority of promises; the current value is the one
 * accepted under the highest ballot among them. The operation maps it to a new value (a read maps it
 * to itself, which is what makes reads linearizable); phase 2 sends accept(b, new) and the round
 * succeeds with a majority of acks. A refused phase 1 changes nothing, so it is retried with a
 * higher ballot after a jittered backoff until the request deadline. A phase 2 without a majority
 * is retried only if every acceptor refused it; otherwise some acceptor may hold the new value, a
 * later round may adopt it, and the answer is indeterminate. (Settling such an accept with one
 * more round was tried and dropped: under contention the settling rounds refuse each other's
 * ballots; see docs/paxos.md.)
 */
final class Proposer {
    private static final Logger log = LoggerFactory.getLogger(Proposer.class);

    /** What an operation makes of the current value: the value to accept, and the error to answer with, if any. */
    record Step(JsonNode next, ApiError failure) {
        static Step to(JsonNode next) {
            return new Step(next, null);
        }
    }

    /** skip-prepare only: the round this proposer won last on a key, which it takes as leadership. */
    private record Lead(Ballot ballot, JsonNode value) {
    }

    private final String id;
    private final List<Acceptors> acceptors;
    private final int majority;
    private final PaxosOptions options;
    private final Supplier<Ballot> localHighest;
    private final AtomicLong counter = new AtomicLong();
    private final Map<String, Semaphore> keyLocks = new ConcurrentHashMap<>();
    private final Map<String, Lead> leads = new ConcurrentHashMap<>();

    Proposer(PaxosOptions options, List<Acceptors> acceptors, Supplier<Ballot> localHighest) {
        this.id = options.id();
        this.options = options;
        this.acceptors = List.copyOf(acceptors);
        this.majority = options.majority();
        this.localHighest = localHighest;
    }

    /** Runs one round on {@code key}; returns the value accepted, or throws the ApiError to answer with. */
    JsonNode run(String key, Function<JsonNode, Step> op) throws InterruptedException {
        long deadline = System.nanoTime() + options.requestTimeout().toNanos();
        // Rounds of one node on one key go one at a time: they would only refuse each other's ballots.
        Semaphore lock = keyLocks.computeIfAbsent(key, k -> new Semaphore(1, true));
        if (!lock.tryAcquire(remaining(deadline), TimeUnit.NANOSECONDS)) {
            throw ApiError.unavailable(id + ": too many operations on " + key + " queued at this node");
        }
        try {
            return rounds(key, op, deadline);
        } finally {
            lock.release();
        }
    }

    private JsonNode rounds(String key, Function<JsonNode, Step> op, long deadline) throws InterruptedException {
        boolean stalled = false;
        for (int attempt = 1; ; attempt++) {
            long attemptStart = System.nanoTime();
            Ballot ballot = nextBallot();
            JsonNode current;
            Lead lead = options.isUnsafe(Unsafe.SKIP_PREPARE) ? leads.get(key) : null;
            if (lead != null) {
                current = lead.value(); // planted bug: no phase 1, trusts that nobody else wrote since
            } else {
                current = prepare(key, ballot);
                if (current == null) {
                    backoffOrGiveUp(deadline, attempt, attemptStart, "no majority of promises for " + key);
                    continue;
                }
                if (attempt > 1 && stallBetweenPhases()) stalled = true;
            }
            Step step = op.apply(current);
            Outcome accepted = accept(key, ballot, step.next());
            if (stalled) {
                log.info("{}: test stall: round on {} at ballot {} ended {} after its stall (highest counter seen {})", id, key, ballot, accepted, counter.get());
                stalled = false;
            }
            if (accepted == Outcome.CHOSEN) {
                leads.put(key, new Lead(ballot, step.next()));
                if (step.failure() != null) throw step.failure();
                return step.next();
            }
            leads.remove(key);
            if (accepted == Outcome.UNKNOWN) {
                throw PaxosErrors.indeterminate("accept of " + key + " at ballot " + ballot
                        + " reached no majority; some acceptor may hold the value");
            }
            backoffOrGiveUp(deadline, attempt, attemptStart, "ballot " + ballot + " for " + key + " was not accepted");
        }
    }

    private enum Outcome { CHOSEN, REFUSED, UNKNOWN }

    /** Phase 1: the value accepted under the highest ballot among a majority of promises, or null without a majority. */
    private JsonNode prepare(String key, Ballot ballot) throws InterruptedException {
        List<CompletableFuture<Acceptor.Promise>> calls = new ArrayList<>();
        for (Acceptors a : acceptors) calls.add(a.prepare(key, ballot));
        Quorum<Acceptor.Promise> q = Quorum.await(calls, Acceptor.Promise::ok, majority, options.peerTimeout());
        Ballot best = null;
        JsonNode value = null;
        for (Acceptor.Promise p : q.answers()) {
            observe(p.promised());
            if (p.ok() && (best == null || p.accepted().greaterThan(best))) {
                best = p.accepted();
                value = p.value();
            }
        }
        if (q.oks() < majority) return null;
        return value == null ? com.fasterxml.jackson.databind.node.NullNode.instance : value;
    }

    /** Phase 2. */
    private Outcome accept(String key, Ballot ballot, JsonNode value) throws InterruptedException {
        List<CompletableFuture<Acceptor.Vote>> calls = new ArrayList<>();
        for (Acceptors a : acceptors) calls.add(a.accept(key, ballot, value));
        Quorum<Acceptor.Vote> q = Quorum.await(calls, Acceptor.Vote::ok, majority, options.peerTimeout());
        for (Acceptor.Vote v : q.answers()) observe(v.promised());
        if (q.oks() >= majority) return Outcome.CHOSEN;
        boolean noneHolds = q.oks() == 0 && q.answers().size() + q.undelivered() == acceptors.size();
        return noneHolds ? Outcome.REFUSED : Outcome.UNKNOWN;
    }

    /**
     * Test hook ({@code --test-retry-stall-ms}), off by default: a round whose phase 1 got its
     * majority only after failed attempts (it waited out an outage or lost a duel) holds its promises
     * this long before phase 2, as a proposer descheduled right after it got them would; the key's
     * lock stays held. Rounds that get their promises at once are not slowed. Returns whether it slept.
     */
    private boolean stallBetweenPhases() throws InterruptedException {
        if (options.testRetryStall().isZero()) return false;
        TimeUnit.NANOSECONDS.sleep(options.testRetryStall().toNanos());
        return true;
    }

    private Ballot nextBallot() {
        long floor = localHighest.get().counter();
        return new Ballot(counter.updateAndGet(c -> Math.max(c, floor) + 1), id);
    }

    private void observe(Ballot b) {
        counter.accumulateAndGet(b.counter(), Math::max);
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    /**
     * Sleeps a random time before the next attempt, or gives up with a definite 503 past the
     * deadline. Dueling proposers refuse each other's ballots until one waits longer than a round
     * takes, so the bound grows with the failed attempt's duration (rounds are slow on a loaded
     * machine) and with the attempt number, up to 500 ms.
     */
    private void backoffOrGiveUp(long deadline, int attempt, long attemptStart, String why) throws InterruptedException {
        long roundMs = Math.max(2, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - attemptStart));
        long maxMs = Math.min(500, roundMs * Math.min(attempt, 4));
        long sleepNs = TimeUnit.MILLISECONDS.toNanos(ThreadLocalRandom.current().nextLong(1, maxMs + 1));
        if (System.nanoTime() + sleepNs >= deadline) {
            log.debug("{}: giving up after {} attempts: {}", id, attempt, why);
            throw ApiError.unavailable(id + ": " + why + " (" + attempt + " attempts)");
        }
        TimeUnit.NANOSECONDS.sleep(sleepNs);
    }
}
