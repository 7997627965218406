package dev.faultline.paxos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The acceptor side of per-key (CASPaxos) Paxos: for every key the highest ballot promised, the
 * highest ballot accepted and its value. Every change is on disk ({@link AcceptorLog}, fsync) before
 * the answer that reveals it leaves; on start the state is recovered from the log, which is then
 * compacted to one record per key.
 */
final class Acceptor implements Closeable {
    static final String LOG_FILE = "acceptor.log";

    /** One key's acceptor state; {@code value} is JSON null for a key never written. */
    record State(Ballot promised, Ballot accepted, JsonNode value) {
        static final State EMPTY = new State(Ballot.ZERO, Ballot.ZERO, NullNode.instance);
    }

    /** The answer to a prepare: a promise (with what was accepted before) or a refusal naming the higher promise. */
    record Promise(boolean ok, Ballot promised, Ballot accepted, JsonNode value) {
    }

    /** The answer to an accept. */
    record Vote(boolean ok, Ballot promised) {
    }

    private final Map<String, State> states = new HashMap<>();
    private final AcceptorLog log;
    private final boolean persistPromises;
    private Ballot highest = Ballot.ZERO;

    private Acceptor(Map<String, State> recovered, AcceptorLog log, boolean persistPromises) {
        this.states.putAll(recovered);
        this.log = log;
        this.persistPromises = persistPromises;
        for (State s : recovered.values()) if (s.promised().greaterThan(highest)) highest = s.promised();
    }

    /**
     * Recovers the state from {@code dir}. With {@code persistPromises} false (the planted
     * no-persist-promise bug) a prepare changes memory only, so a restarted acceptor knows only the
     * ballots it accepted.
     */
    static Acceptor open(Path dir, boolean persistPromises) throws IOException {
        return open(dir, persistPromises, true, AcceptorLog.Disk.REAL);
    }

    /** The acceptor of a node started with {@code options}: its data directory and planted bugs. */
    static Acceptor open(PaxosOptions options, AcceptorLog.Disk disk) throws IOException {
        return open(options.dataDir(), !options.isUnsafe(Unsafe.NO_PERSIST_PROMISE), !options.isUnsafe(Unsafe.NO_FSYNC), disk);
    }

    /**
     * As {@link #open(Path, boolean)}; with {@code fsync} false (the planted no-fsync bug) promises and
     * accepts are answered once written, never forced, so a power loss can take back what was answered.
     */
    static Acceptor open(Path dir, boolean persistPromises, boolean fsync, AcceptorLog.Disk disk) throws IOException {
        Path file = dir.resolve(LOG_FILE);
        Map<String, State> recovered = new HashMap<>();
        int line = 0;
        for (JsonNode r : AcceptorLog.read(file)) {
            line++;
            try {
                recovered.put(r.get("k").asText(), new State(Ballot.fromJson(r.get("p")), Ballot.fromJson(r.get("a")),
                        r.has("v") ? r.get("v") : NullNode.instance));
            } catch (RuntimeException e) {
                throw new IOException(file + ": record " + line + ": " + e.getMessage());
            }
        }
        List<JsonNode> compacted = new ArrayList<>();
        recovered.forEach((k, s) -> compacted.add(record(k, s)));
        return new Acceptor(recovered, AcceptorLog.rewrite(file, compacted, disk, fsync), persistPromises);
    }

    private static ObjectNode record(String key, State s) {
        ObjectNode o = Json.object();
        o.put("k", key);
        o.set("p", s.promised().toJson());
        o.set("a", s.accepted().toJson());
        o.set("v", s.value());
        return o;
    }

    Promise prepare(String key, Ballot ballot) throws IOException {
        CompletableFuture<Void> durable;
        State next;
        synchronized (this) {
            State s = states.getOrDefault(key, State.EMPTY);
            if (!ballot.greaterThan(s.promised())) return new Promise(false, s.promised(), s.accepted(), s.value());
            next = new State(ballot, s.accepted(), s.value());
            states.put(key, next);
            if (ballot.greaterThan(highest)) highest = ballot;
            durable = persistPromises ? log.append(record(key, next)) : CompletableFuture.completedFuture(null);
        }
        await(durable);
        return new Promise(true, ballot, next.accepted(), next.value());
    }

    Vote accept(String key, Ballot ballot, JsonNode value) throws IOException {
        CompletableFuture<Void> durable;
        synchronized (this) {
            State s = states.getOrDefault(key, State.EMPTY);
            if (s.promised().greaterThan(ballot)) return new Vote(false, s.promised());
            State next = new State(ballot, ballot, value);
            states.put(key, next);
            if (ballot.greaterThan(highest)) highest = ballot;
            durable = log.append(record(key, next));
        }
        await(durable);
        return new Vote(true, ballot);
    }

    synchronized State state(String key) {
        return states.getOrDefault(key, State.EMPTY);
    }

    synchronized int keys() {
        return states.size();
    }

    /** The highest ballot this acceptor has seen, so that a restarted proposer starts above it. */
    synchronized Ballot highest() {
        return highest;
    }

    private static void await(CompletableFuture<Void> durable) throws IOException {
        try {
            durable.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for fsync", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    @Override
    public void close() throws IOException {
        log.close();
    }
}
