package dev.faultline.lock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faultline.raft.StateMachine;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The replicated lock table. Every command is applied in log order on every node; decisions that
 * depend on time (has a lease run out?) are taken by the leader <em>before</em> it proposes, and the
 * command carries the lease {@code version} it saw, so {@code apply} is a deterministic
 * compare-and-set: a grant only succeeds if the lock is still in the version the leader judged.
 *
 * <p>Besides the replicated state, every node records, at the moment it applies a grant or renewal,
 * a local monotonic deadline ({@code System.nanoTime() + ttl}). The grant was proposed after the
 * client sent its request, so this deadline is never earlier than the client's own view of its
 * lease (request sent + ttl). Only a leader uses these deadlines.
 */
final class LockStateMachine implements StateMachine {

    /**
     * One lock as replicated.
     *
     * @param holder          the client holding it, or null if free
     * @param token           fencing token of the current (or last) grant: the log index of the grant
     * @param ttlMs           lease length of the current grant
     * @param version         log index of the last grant, renewal or release: what a grant must expect
     * @param versionTerm     term of the leader that proposed {@code version}
     * @param expiresAtWallMs wall-clock expiry (proposer's wall clock + ttl); used only by the
     *                        wall-clock-lease planted bug
     */
    record Lock(String holder, long token, long ttlMs, long version, long versionTerm, long expiresAtWallMs) {
        boolean held() {
            return holder != null;
        }
    }

    /** A node-local lease deadline for one version of a lock, on this process's monotonic clock. */
    record LocalLease(long version, long deadlineNanos) {
    }

    private final Map<String, Lock> locks = new HashMap<>();
    private final Map<String, LocalLease> localLeases = new HashMap<>();

    // ---- commands

    static byte[] grant(String name, String client, long ttlMs, long expectVersion, long term, long wallMs) {
        ObjectNode o = Json.object();
        o.put("op", "grant").put("name", name).put("client", client).put("ttlMs", ttlMs)
                .put("expectVersion", expectVersion).put("term", term).put("wallMs", wallMs);
        return Json.bytes(o);
    }

    static byte[] renew(String name, String client, long token, long term, long wallMs) {
        ObjectNode o = Json.object();
        o.put("op", "renew").put("name", name).put("client", client).put("token", token)
                .put("term", term).put("wallMs", wallMs);
        return Json.bytes(o);
    }

    static byte[] release(String name, String client, long token) {
        ObjectNode o = Json.object();
        o.put("op", "release").put("name", name).put("client", client).put("token", token);
        return Json.bytes(o);
    }

    // ---- reads (any thread)

    synchronized Lock get(String name) {
        return locks.get(name);
    }

    /** The lock and this node's local lease for it, read together. */
    record View(Lock lock, LocalLease local) {
    }

    synchronized View view(String name) {
        return new View(locks.get(name), localLeases.get(name));
    }

    synchronized int size() {
        return locks.size();
    }

    // ---- Raft thread

    @Override
    public synchronized byte[] apply(long index, byte[] command) {
        JsonNode c;
        try {
            c = Json.read(command);
        } catch (RuntimeException e) {
            return Json.bytes(result(false, "bad-command", "unparseable command"));
        }
        String name = c.path("name").asText();
        Lock cur = locks.get(name);
        long curVersion = cur == null ? 0 : cur.version();
        switch (c.path("op").asText()) {
            case "grant" -> {
                if (curVersion != c.path("expectVersion").asLong()) {
                    ObjectNode r = result(false, "lock-held", "lock " + name + " changed (version " + curVersion
                            + ", expected " + c.path("expectVersion").asLong() + ")");
                    if (cur != null && cur.held()) r.put("holder", cur.holder());
                    return Json.bytes(r);
                }
                long ttl = c.path("ttlMs").asLong();
                Lock granted = new Lock(c.path("client").asText(), index, ttl, index, c.path("term").asLong(),
                        c.path("wallMs").asLong() + ttl);
                put(name, granted);
                return Json.bytes(result(true, null, null).put("token", index).put("ttlMs", ttl));
            }
            case "renew" -> {
                long token = c.path("token").asLong();
                if (cur == null || !cur.held() || cur.token() != token || !cur.holder().equals(c.path("client").asText())) {
                    return Json.bytes(result(false, "not-holder", c.path("client").asText() + " does not hold "
                            + name + " with token " + token));
                }
                Lock renewed = new Lock(cur.holder(), cur.token(), cur.ttlMs(), index, c.path("term").asLong(),
                        c.path("wallMs").asLong() + cur.ttlMs());
                put(name, renewed);
                return Json.bytes(result(true, null, null).put("token", token).put("ttlMs", cur.ttlMs()));
            }
            case "release" -> {
                long token = c.path("token").asLong();
                if (cur == null || !cur.held() || cur.token() != token || !cur.holder().equals(c.path("client").asText())) {
                    return Json.bytes(result(false, "not-holder", c.path("client").asText() + " does not hold "
                            + name + " with token " + token));
                }
                put(name, new Lock(null, cur.token(), 0, index, cur.versionTerm(), 0));
                return Json.bytes(result(true, null, null).put("released", true));
            }
            default -> {
                return Json.bytes(result(false, "bad-command", "unknown op " + c.path("op").asText()));
            }
        }
    }

    private void put(String name, Lock lock) {
        locks.put(name, lock);
        if (lock.held()) {
            localLeases.put(name, new LocalLease(lock.version(),
                    System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(lock.ttlMs())));
        } else {
            localLeases.remove(name);
        }
    }

    private static ObjectNode result(boolean ok, String error, String message) {
        ObjectNode o = Json.object();
        o.put("ok", ok);
        if (error != null) o.put("error", error).put("message", message);
        return o;
    }

    @Override
    public synchronized byte[] snapshot() {
        ArrayNode a = Json.MAPPER.createArrayNode();
        locks.forEach((name, l) -> {
            ObjectNode o = a.addObject();
            o.put("name", name);
            if (l.holder() != null) o.put("holder", l.holder());
            o.put("token", l.token()).put("ttlMs", l.ttlMs()).put("version", l.version())
                    .put("versionTerm", l.versionTerm()).put("expiresAtWallMs", l.expiresAtWallMs());
        });
        return Json.bytes(a);
    }

    /** Local deadlines restart at restore time + ttl: later than any client's view, so safe. */
    @Override
    public synchronized void restore(byte[] snapshot) {
        locks.clear();
        localLeases.clear();
        for (JsonNode o : Json.read(snapshot)) {
            put(o.path("name").asText(), new Lock(o.hasNonNull("holder") ? o.get("holder").asText() : null,
                    o.path("token").asLong(), o.path("ttlMs").asLong(), o.path("version").asLong(),
                    o.path("versionTerm").asLong(), o.path("expiresAtWallMs").asLong()));
        }
    }

    static JsonNode parseResult(byte[] result) {
        return Json.read(result);
    }
}
