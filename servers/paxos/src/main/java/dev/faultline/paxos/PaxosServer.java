package dev.faultline.paxos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faultline.server.http.ApiError;
import dev.faultline.server.http.JsonHttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One node: acceptor, proposer and the HTTP API. Clients use {@code GET /kv/KEY},
 * {@code PUT /kv/KEY {"value":V}} and {@code POST /kv/KEY/cas {"expected":E,"value":V}} at any
 * node (no leader); peers use {@code POST /paxos/prepare} and {@code POST /paxos/accept}.
 */
final class PaxosServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PaxosServer.class);

    private final PaxosOptions options;
    private final Acceptor acceptor;
    private final Proposer proposer;
    private final ExecutorService localPool;
    private final JsonHttpServer http;

    private PaxosServer(PaxosOptions options, Acceptor acceptor) throws IOException {
        this.options = options;
        this.acceptor = acceptor;
        this.localPool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "local-acceptor");
            t.setDaemon(true);
            return t;
        });
        List<Acceptors> all = new ArrayList<>();
        for (PaxosOptions.Peer p : options.peers().values()) {
            all.add(p.id().equals(options.id()) ? new Acceptors.Local(p.id(), acceptor, localPool)
                    : new Acceptors.Remote(p, options.peerTimeout()));
        }
        this.proposer = new Proposer(options, all, acceptor::highest);
        // Client requests block on Paxos rounds and acceptor requests on fsync: the pool must exceed both.
        this.http = new JsonHttpServer(options.bind(), options.port(), options.id(), 256)
                .route("GET", "/status", r -> status())
                .route("GET", "/kv/{}", r -> read(r.params().get(0)))
                .route("PUT", "/kv/{}", r -> write(r.params().get(0), JsonHttpServer.nonNullScalar(r.body(), "value")))
                .route("POST", "/kv/{}/cas", r -> cas(r.params().get(0), JsonHttpServer.scalar(r.body(), "expected"),
                        JsonHttpServer.nonNullScalar(r.body(), "value")))
                .route("POST", "/paxos/prepare", r -> prepare(r.body()))
                .route("POST", "/paxos/accept", r -> accept(r.body()));
    }

    /** Recovers the acceptor state from the data directory, then serves. */
    static PaxosServer start(PaxosOptions options) throws IOException {
        Acceptor acceptor = Acceptor.open(options, AcceptorLog.Disk.REAL);
        PaxosServer server;
        try {
            server = new PaxosServer(options, acceptor);
        } catch (IOException | RuntimeException e) {
            acceptor.close();
            throw e;
        }
        server.http.start();
        log.info("{} serving on port {} ({} keys recovered from {}, unsafe {})", options.id(), server.http.port(),
                acceptor.keys(), options.dataDir(), options.unsafe());
        return server;
    }

    int port() {
        return http.port();
    }

    private JsonNode read(String key) throws InterruptedException {
        if (options.isUnsafe(Unsafe.LOCAL_READ)) {
            return keyValue(key, acceptor.state(key).value()); // planted bug: one acceptor's view, no round
        }
        return keyValue(key, proposer.run(key, Proposer.Step::to));
    }

    private JsonNode write(String key, JsonNode value) throws InterruptedException {
        return keyValue(key, proposer.run(key, current -> Proposer.Step.to(value)));
    }

    private JsonNode cas(String key, JsonNode expected, JsonNode value) throws InterruptedException {
        // A mismatch still completes the round with the current value: the answer is then as
        // linearizable as a read's.
        return keyValue(key, proposer.run(key, current -> current.equals(expected) ? Proposer.Step.to(value)
                : new Proposer.Step(current, PaxosErrors.casMismatch(key, current))));
    }

    private JsonNode prepare(JsonNode body) throws IOException {
        String key = key(body);
        Acceptor.Promise p = acceptor.prepare(key, ballot(body));
        ObjectNode o = Json.object().put("ok", p.ok());
        o.set("promised", p.promised().toJson());
        o.set("accepted", p.accepted().toJson());
        o.set("value", p.value());
        return o;
    }

    private JsonNode accept(JsonNode body) throws IOException {
        String key = key(body);
        JsonNode value = body.get("value");
        if (value == null) throw ApiError.badRequest("accept: missing field 'value'");
        Acceptor.Vote v = acceptor.accept(key, ballot(body), value);
        ObjectNode o = Json.object().put("ok", v.ok());
        o.set("promised", v.promised().toJson());
        return o;
    }

    private static String key(JsonNode body) {
        JsonNode k = body == null ? null : body.get("key");
        if (k == null || !k.isTextual() || k.asText().isEmpty()) throw ApiError.badRequest("field 'key' must be a non-empty string");
        return k.asText();
    }

    private static Ballot ballot(JsonNode body) {
        try {
            return Ballot.fromJson(body.get("ballot"));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("field 'ballot': " + e.getMessage());
        }
    }

    private static JsonNode keyValue(String key, JsonNode value) {
        ObjectNode o = Json.object().put("key", key);
        o.set("value", value);
        return o;
    }

    private JsonNode status() {
        ObjectNode o = Json.object().put("id", options.id()).put("keys", acceptor.keys());
        o.set("highestBallot", acceptor.highest().toJson());
        var unsafe = o.putArray("unsafe");
        options.unsafe().stream().map(Unsafe::flagName).sorted().forEach(unsafe::add);
        return o;
    }

    /** This node's acceptor state for {@code key} (tests that must wait for a message in flight). */
    Acceptor.State acceptorState(String key) {
        return acceptor.state(key);
    }

    @Override
    public void close() {
        http.close();
        localPool.shutdownNow();
        try {
            acceptor.close();
        } catch (IOException e) {
            log.warn("{}: closing the acceptor log failed", options.id(), e);
        }
    }
}
