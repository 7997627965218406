package dev.faultline.lock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faultline.raft.NotLeaderException;
import dev.faultline.raft.RaftException;
import dev.faultline.raft.RaftNode;
import dev.faultline.raft.RaftStatus;
import dev.faultline.raft.Role;
import dev.faultline.server.http.ApiError;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's side of acquire, renew and release: decides from the applied lock table and its own
 * clocks, then proposes a command that {@link LockStateMachine#apply} re-validates (compare-and-set
 * on the lock's version).
 *
 * <p>Safe leases (default): a held lock is taken over only when (1) this node's monotonic local
 * deadline for the lock's current version has passed and (2) if that version was proposed in an
 * earlier term, this node has been leader for at least the max TTL. With {@code wall-clock-lease}
 * the leader instead compares the replicated wall-clock expiry with its own wall clock.
 */
final class LockService {
    private static final Logger log = LoggerFactory.getLogger(LockService.class);

    private final RaftNode raft;
    private final LockStateMachine sm;
    private final WallClock wall;
    private final boolean wallClockLease;
    private final long maxTtlMs;
    private final Duration requestTimeout;
    private long leaderTerm = -1;
    private long leaderSinceNanos;

    LockService(RaftNode raft, LockStateMachine sm, WallClock wall, boolean wallClockLease, Duration maxTtl,
                Duration requestTimeout) {
        this.raft = raft;
        this.sm = sm;
        this.wall = wall;
        this.wallClockLease = wallClockLease;
        this.maxTtlMs = maxTtl.toMillis();
        this.requestTimeout = requestTimeout;
    }

    /**
     * Records when this node became leader of its current term. Called on every request and by a
     * 10 ms watcher; a late observation only makes the new-leader wait longer (safe direction).
     */
    synchronized long observeLeadership() {
        RaftStatus s = raft.status();
        if (s.role() == Role.LEADER && s.term() != leaderTerm) {
            leaderTerm = s.term();
            leaderSinceNanos = System.nanoTime();
            log.info("{} leads term {}: leases from earlier terms are honoured for {} ms", s.id(), s.term(), maxTtlMs);
        }
        return s.role() == Role.LEADER ? s.term() : -1;
    }

    private synchronized long leaderSinceNanos() {
        return leaderSinceNanos;
    }

    JsonNode acquire(String name, String client, long ttlMs) {
        if (ttlMs < 1 || ttlMs > maxTtlMs) {
            throw ApiError.badRequest("ttlMs must be between 1 and " + maxTtlMs + ", got " + ttlMs);
        }
        long term = requireLeader();
        LockStateMachine.View v = sm.view(name);
        LockStateMachine.Lock cur = v.lock();
        long expect = cur == null ? 0 : cur.version();
        if (cur != null && cur.held()) {
            long remaining = remainingMs(cur, v.local(), term);
            if (remaining > 0) {
                ObjectNode extra = Json.object().put("holder", cur.holder()).put("remainingMs", remaining);
                throw new ApiError(409, "lock-held", true, name + " is held by " + cur.holder(), extra);
            }
            log.info("lease of {} on {} (token {}, version {}) ran out; granting to {}", cur.holder(), name,
                    cur.token(), cur.version(), client);
        }
        return propose(LockStateMachine.grant(name, client, ttlMs, expect, term, wall.millis()));
    }

    JsonNode renew(String name, String client, long token) {
        long term = requireLeader();
        LockStateMachine.View v = sm.view(name);
        LockStateMachine.Lock cur = v.lock();
        if (cur == null || !cur.held() || cur.token() != token || !cur.holder().equals(client)) {
            throw new ApiError(409, "not-holder", true, client + " does not hold " + name + " with token " + token);
        }
        if (leaseRanOutHere(cur, v.local())) {
            throw new ApiError(409, "not-holder", true, "the lease of " + client + " on " + name + " ran out");
        }
        return propose(LockStateMachine.renew(name, client, token, term, wall.millis()));
    }

    JsonNode release(String name, String client, long token) {
        requireLeader();
        return propose(LockStateMachine.release(name, client, token));
    }

    /** The lock as this node has applied it (not linearizable; for people and debugging). */
    JsonNode inspect(String name) {
        LockStateMachine.View v = sm.view(name);
        ObjectNode o = Json.object().put("name", name).put("node", raft.id());
        LockStateMachine.Lock l = v.lock();
        if (l == null || !l.held()) {
            o.putNull("holder");
        } else {
            o.put("holder", l.holder()).put("token", l.token()).put("ttlMs", l.ttlMs());
        }
        if (l != null) o.put("version", l.version());
        if (l != null && l.held() && v.local() != null) {
            o.put("localRemainingMs", TimeUnit.NANOSECONDS.toMillis(v.local().deadlineNanos() - System.nanoTime()));
        }
        return o;
    }

    /**
     * How long the current lease still blocks others, as this leader judges it; <= 0 means it may be
     * taken over.
     */
    private long remainingMs(LockStateMachine.Lock cur, LockStateMachine.LocalLease local, long term) {
        if (wallClockLease) {
            return cur.expiresAtWallMs() - wall.millis();
        }
        long now = System.nanoTime();
        if (local == null || local.version() != cur.version()) {
            // No local measurement of this version (cannot happen once applied): never expire it blindly.
            return cur.ttlMs();
        }
        long remaining = local.deadlineNanos() - now;
        if (cur.versionTerm() < term) {
            remaining = Math.max(remaining, leaderSinceNanos() + TimeUnit.MILLISECONDS.toNanos(maxTtlMs) - now);
        }
        return remaining <= 0 ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining));
    }

    /** True if the holder's own lease (ignoring the new-leader wait) has run out on this node's clock. */
    private boolean leaseRanOutHere(LockStateMachine.Lock cur, LockStateMachine.LocalLease local) {
        if (wallClockLease) return cur.expiresAtWallMs() <= wall.millis();
        return local != null && local.version() == cur.version() && System.nanoTime() >= local.deadlineNanos();
    }

    private long requireLeader() {
        long term = observeLeadership();
        if (term < 0) {
            throw new NotLeader(raft.leaderId(), raft.leaderInfo());
        }
        return term;
    }

    private JsonNode propose(byte[] command) {
        CompletableFuture<byte[]> f = raft.propose(command);
        JsonNode r;
        try {
            r = LockStateMachine.parseResult(f.get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            f.cancel(false);
            throw ApiError.timeout("proposed but not committed within " + requestTimeout.toMillis() + " ms");
        } catch (CancellationException e) {
            throw ApiError.timeout("proposal cancelled");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiError.timeout("interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof NotLeaderException nl) {
                throw new ApiError(503, "not-leader", true, nl.getMessage(),
                        nl.leaderHint() == null ? null : Json.object().put("leader", nl.leaderHint()));
            }
            if (cause instanceof RaftException re) {
                throw re.definite() ? new ApiError(503, "unavailable", true, re.getMessage())
                        : new ApiError(504, "indeterminate", false, re.getMessage());
            }
            throw new ApiError(500, "internal", false, String.valueOf(cause));
        }
        if (r.path("ok").asBoolean()) {
            ObjectNode answer = ((ObjectNode) r).deepCopy();
            answer.remove("ok");
            return answer;
        }
        String error = r.path("error").asText("internal");
        ObjectNode extra = r.hasNonNull("holder") ? Json.object().put("holder", r.get("holder").asText()) : null;
        int status = switch (error) {
            case "lock-held", "not-holder" -> 409;
            default -> 500;
        };
        throw new ApiError(status, error, status == 409, r.path("message").asText(), extra);
    }

    /** This node is not the leader: the HTTP layer forwards the request or answers 503. */
    static final class NotLeader extends RuntimeException {
        final String leader;
        final String leaderAddress;

        NotLeader(String leader, String leaderAddress) {
            super(null, null, false, false);
            this.leader = leader;
            this.leaderAddress = leaderAddress;
        }
    }
}
