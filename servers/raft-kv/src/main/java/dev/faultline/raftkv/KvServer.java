package dev.faultline.raftkv;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import dev.faultline.raft.NotLeaderException;
import dev.faultline.raft.RaftException;
import dev.faultline.raft.RaftNode;
import dev.faultline.raft.RaftStatus;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One raft-kv node: a {@link RaftNode} replicating a {@link KvStateMachine}, and the HTTP API. */
final class KvServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KvServer.class);

    private final KvOptions options;
    private final KvStateMachine sm = new KvStateMachine();
    private final RaftNode raft;
    private final LeaderProxy proxy;
    private ClientPort http;

    /** A parsed client request. */
    private record KvRequest(String op, String key, JsonNode expected, JsonNode value) {
        boolean isRead() {
            return op.equals("get");
        }
    }

    KvServer(KvOptions options) {
        this(options, null);
    }

    /** With {@code clientPort} already bound (and answering 503 until {@link #start}), else bound by start. */
    KvServer(KvOptions options, ClientPort clientPort) {
        this.options = options;
        this.http = clientPort;
        this.raft = new RaftNode(options.raftConfig(), sm);
        if (!options.testInboundDelay().isZero()) this.raft.setTestInboundDelay(options.testInboundDelay());
        this.proxy = new LeaderProxy(raft, options.requestTimeout());
    }

    /** Binds the client port (unless given), recovers and starts the Raft node, then serves the API. */
    KvServer start() throws IOException {
        if (http == null) {
            http = ClientPort.bind(options.id(), options.clientPort());
        }
        try {
            raft.start();
        } catch (IOException | RuntimeException e) {
            http.close();
            throw e;
        }
        http.serve(this::handle);
        log.info("{} serving the KV API on port {} (raft port {}, data {}, unsafe {}; {} ms after JVM start)",
                options.id(), options.clientPort(), options.peers().get(options.id()).port(), options.dataDir(),
                options.unsafe(), msSinceJvmStart());
        proxy.warmUpInBackground();
        return this;
    }

    private static long msSinceJvmStart() {
        return ProcessHandle.current().info().startInstant()
                .map(t -> java.time.Duration.between(t, java.time.Instant.now()).toMillis()).orElse(-1L);
    }

    RaftNode raft() {
        return raft;
    }

    KvStateMachine stateMachine() {
        return sm;
    }

    void onFatal(Runnable action) {
        raft.setFatalHandler(e -> {
            log.error("{}: fatal Raft error", options.id(), e);
            action.run();
        });
    }

    @Override
    public void close() {
        if (http != null) {
            http.close();
        }
        raft.close();
    }

    private void handle(HttpExchange ex) throws IOException {
        ApiResponse resp;
        try {
            resp = route(ex);
        } catch (RuntimeException e) {
            log.error("{}: internal error on {} {}", options.id(), ex.getRequestMethod(), ex.getRequestURI(), e);
            resp = ApiResponse.error(500, "internal", false, e.toString());
        }
        try (ex) {
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(resp.status(), resp.body().length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(resp.body());
            }
        }
    }

    private ApiResponse route(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getRawPath();
        if (path.equals("/status")) {
            return method.equals("GET") ? status() : ApiResponse.badRequest("status takes GET, not " + method);
        }
        if (path.equals("/txn")) {
            return method.equals("POST") ? txn(ex, method) : ApiResponse.badRequest("txn takes POST, not " + method);
        }
        if (!path.startsWith("/kv/")) {
            return ApiResponse.error(404, "not-found", true, "unknown path " + path);
        }
        byte[] body;
        try {
            body = readBody(ex);
        } catch (TooLargeException e) {
            return ApiResponse.error(413, "too-large", true, e.getMessage());
        }
        KvRequest req;
        try {
            req = parse(method, path.substring(4), body);
        } catch (BadRequestException e) {
            return ApiResponse.badRequest(e.getMessage());
        } catch (TooLargeException e) {
            return ApiResponse.error(413, "too-large", true, e.getMessage());
        }
        if (req.isRead() && options.isUnsafe(KvOptions.STALE_READ)) {
            return ApiResponse.keyValue(req.key(), sm.get(req.key()));
        }
        return onLeader(ex, method, body, () -> execute(req));
    }

    /**
     * Runs {@code onLeader} here if this node leads, else forwards {@code body} to the leader; waits
     * (bounded) for a leader to be known. {@code onLeader} returns null if leadership was lost
     * before anything was proposed.
     */
    private ApiResponse onLeader(HttpExchange ex, String method, byte[] body, Supplier<ApiResponse> onLeader) {
        String path = ex.getRequestURI().getRawPath();
        boolean forwarded = ex.getRequestHeaders().containsKey(LeaderProxy.FORWARDED_HEADER);
        String query = ex.getRequestURI().getRawQuery();
        String pathAndQuery = query == null ? path : path + "?" + query;
        long deadline = System.nanoTime() + Math.min(options.requestTimeout().toNanos(), TimeUnit.SECONDS.toNanos(3));
        while (true) {
            if (raft.isLeader()) {
                ApiResponse local = onLeader.get();
                if (local != null) {
                    return local;
                }
                // lost leadership before proposing: fall through to forwarding
            }
            String leader = raft.leaderId();
            String address = raft.leaderInfo();
            if (!raft.isLeader() && leader != null && address != null) {
                if (forwarded) {
                    return ApiResponse.notLeader(options.id(), leader);
                }
                ApiResponse answer = proxy.forward(leader, address, method, pathAndQuery, body);
                if (answer != null) {
                    return answer;
                }
                // the leader we know could not be reached (e.g. it just died): nothing was sent, so wait
                // for the next leader until the deadline
                if (System.nanoTime() > deadline) {
                    return ApiResponse.notLeader(options.id(), leader);
                }
            } else if (System.nanoTime() > deadline) {
                return forwarded ? ApiResponse.notLeader(options.id(), null)
                        : ApiResponse.error(503, "no-leader", true, options.id() + " knows no leader");
            }
            sleep(20);
        }
    }

    /** Runs the request on this node as leader; null if it turned out not to be leader (nothing done). */
    private ApiResponse execute(KvRequest req) {
        long timeoutMs = options.requestTimeout().toMillis();
        if (req.isRead()) {
            CompletableFuture<Void> f = raft.readIndex();
            try {
                f.get(timeoutMs, TimeUnit.MILLISECONDS);
                return ApiResponse.keyValue(req.key(), sm.get(req.key()));
            } catch (TimeoutException e) {
                f.cancel(false);
                return ApiResponse.timeout("read not confirmed by a majority within " + timeoutMs + " ms");
            } catch (ExecutionException e) {
                return failure(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ApiResponse.timeout("interrupted");
            }
        }
        byte[] cmd = KvStateMachine.command(req.op(), req.key(), req.expected(), req.value());
        return propose(cmd, result -> ApiResponse.keyValue(req.key(), result.path("value")), result -> {
            if (!"cas-mismatch".equals(result.path("error").asText())) return null;
            ObjectNode o = ApiResponse.errorBody("cas-mismatch", true, "value of " + req.key() + " is not the expected one");
            o.set("current", result.path("current"));
            return ApiResponse.error(409, o);
        });
    }

    private ApiResponse failure(Throwable cause) {
        if (cause instanceof NotLeaderException) {
            return null;
        }
        if (cause instanceof RaftException re) {
            return re.definite() ? ApiResponse.error(503, "unavailable", true, re.getMessage())
                    : ApiResponse.error(504, "indeterminate", false, re.getMessage());
        }
        return ApiResponse.error(500, "internal", false, String.valueOf(cause));
    }

    /**
     * {@code POST /txn {"ops":[[f,k,v],..]}}: the micro-ops go through the log as one entry (reads
     * included), so the transaction is atomic and strict serializable. Planted bugs: {@code txn-split}
     * proposes each micro-op as its own entry; {@code txn-local-read} answers the reads from this
     * node's local state and sends only the writes through the log.
     */
    private ApiResponse txn(HttpExchange ex, String method) throws IOException {
        byte[] body;
        try {
            body = readBody(ex);
        } catch (TooLargeException e) {
            return ApiResponse.error(413, "too-large", true, e.getMessage());
        }
        Txn txn;
        try {
            JsonNode json = KvStateMachine.JSON.readTree(body);
            if (json == null || !json.isObject()) {
                throw new BadRequestException("txn needs a JSON object body, e.g. {\"ops\":[[\"r\",\"x\",null]]}");
            }
            txn = Txn.parse(json.get("ops"), options.maxValueBytes());
        } catch (JacksonException e) {
            return ApiResponse.badRequest("malformed JSON body: " + e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            return ApiResponse.badRequest(e.getMessage());
        }
        boolean forwarded = ex.getRequestHeaders().containsKey(LeaderProxy.FORWARDED_HEADER);
        if (options.isUnsafe(KvOptions.TXN_LOCAL_READ) && !forwarded && txn.hasReads()) {
            ArrayNode local = txn.runDetached(sm::getOrNull);
            Txn writes = txn.writesOnly();
            if (writes.ops().isEmpty()) {
                return ApiResponse.ok(txnBody(local));
            }
            ApiResponse w = onLeader(ex, method, KvStateMachine.bytes(txnBody(writes.toJson())), () -> executeTxn(writes));
            return w.status() / 100 == 2 ? ApiResponse.ok(txnBody(local)) : w;
        }
        Txn proposed = txn;
        return onLeader(ex, method, body, () -> executeTxn(proposed));
    }

    private static ObjectNode txnBody(JsonNode ops) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.set("ops", ops);
        return o;
    }

    /** Proposes the transaction as one entry (or, with txn-split, one entry per micro-op) and waits for it. */
    private ApiResponse executeTxn(Txn txn) {
        if (!options.isUnsafe(KvOptions.TXN_SPLIT)) {
            return propose(KvStateMachine.command(txn), result -> ApiResponse.ok(txnBody(result.path("ops"))), KvServer::typeMismatch);
        }
        ArrayNode results = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < txn.ops().size(); i++) {
            ApiResponse failed = propose(KvStateMachine.command(new Txn(List.of(txn.ops().get(i)))), r -> {
                results.add(r.path("ops").get(0));
                return null;
            }, KvServer::typeMismatch);
            if (results.size() == i) {
                if (i == 0) {
                    return failed; // nothing applied: null (lost leadership, forward) or the error as is
                }
                // the earlier micro-ops stay applied: the outcome of the whole is unknown
                return ApiResponse.error(504, "indeterminate", false, "micro-op " + i + " of a split transaction did not commit: "
                        + (failed == null ? "leadership lost" : new String(failed.body(), java.nio.charset.StandardCharsets.UTF_8)));
            }
        }
        return ApiResponse.ok(txnBody(results));
    }

    /** A transaction the state machine refused: its micro-ops do not fit the values' types. */
    private static ApiResponse typeMismatch(JsonNode result) {
        if (!"type-mismatch".equals(result.path("error").asText())) return null;
        return ApiResponse.error(409, "type-mismatch", true, result.path("message").asText());
    }

    /**
     * Proposes one command and maps its result: an ok result through {@code ok}, a refused one
     * ({@code "ok":false}) through {@code refused} (null: not a refusal it knows, an internal error),
     * and a timeout or lost leadership to the error model.
     */
    private ApiResponse propose(byte[] cmd, Function<JsonNode, ApiResponse> ok, Function<JsonNode, ApiResponse> refused) {
        long timeoutMs = options.requestTimeout().toMillis();
        CompletableFuture<byte[]> f = raft.propose(cmd);
        try {
            JsonNode result = KvStateMachine.read(f.get(timeoutMs, TimeUnit.MILLISECONDS));
            if (result.path("ok").asBoolean()) {
                return ok.apply(result);
            }
            ApiResponse answer = refused.apply(result);
            if (answer != null) {
                return answer;
            }
            return ApiResponse.error(500, "internal", false, "unexpected result " + result);
        } catch (TimeoutException e) {
            f.cancel(false);
            return ApiResponse.timeout("proposed but not committed within " + timeoutMs + " ms");
        } catch (ExecutionException e) {
            return failure(e.getCause());
        } catch (CancellationException e) {
            return ApiResponse.timeout("cancelled");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ApiResponse.timeout("interrupted");
        }
    }

    private ApiResponse status() {
        RaftStatus s = raft.status();
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("id", s.id());
        o.put("role", s.role().wireName());
        o.put("term", s.term());
        if (s.leader() == null) {
            o.putNull("leader");
        } else {
            o.put("leader", s.leader());
        }
        o.put("commitIndex", s.commitIndex());
        o.put("lastApplied", s.lastApplied());
        o.put("lastLogIndex", s.lastLogIndex());
        o.put("snapshotIndex", s.snapshotIndex());
        o.put("keys", sm.size());
        var unsafe = o.putArray("unsafe");
        options.unsafe().stream().sorted().forEach(unsafe::add);
        return ApiResponse.ok(o);
    }

    private KvRequest parse(String method, String rest, byte[] body) {
        String op;
        String rawKey;
        if (rest.endsWith("/cas") && method.equals("POST")) {
            op = "cas";
            rawKey = rest.substring(0, rest.length() - 4);
        } else if (rest.endsWith("/append") && method.equals("POST")) {
            op = "append";
            rawKey = rest.substring(0, rest.length() - 7);
        } else {
            rawKey = rest;
            op = switch (method) {
                case "GET" -> "get";
                case "PUT" -> "put";
                case "DELETE" -> "delete";
                default -> throw new BadRequestException("unknown op: " + method + " /kv/" + rest
                        + " (use GET, PUT, DELETE /kv/KEY or POST /kv/KEY/cas|append)");
            };
        }
        String key = URLDecoder.decode(rawKey.replace("+", "%2B"), StandardCharsets.UTF_8);
        if (key.isEmpty()) {
            throw new BadRequestException("empty key");
        }
        if (op.equals("get") || op.equals("delete")) {
            return new KvRequest(op, key, null, null);
        }
        JsonNode json;
        try {
            json = KvStateMachine.JSON.readTree(body);
        } catch (JacksonException e) {
            throw new BadRequestException("malformed JSON body: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadRequestException("unreadable body: " + e.getMessage());
        }
        if (json == null || !json.isObject()) {
            throw new BadRequestException(op + " needs a JSON object body, e.g. {\"value\":3}");
        }
        JsonNode value = scalar(json, "value", false, op);
        JsonNode expected = op.equals("cas") ? scalar(json, "expected", true, op) : null;
        return new KvRequest(op, key, expected, value);
    }

    private JsonNode scalar(JsonNode body, String field, boolean nullable, String op) {
        JsonNode v = body.get(field);
        if (v == null) {
            throw new BadRequestException(op + ": missing field \"" + field + "\"");
        }
        if (v.isNull() && nullable) {
            return v;
        }
        if (!(v.isNumber() || v.isTextual() || v.isBoolean())) {
            throw new BadRequestException(op + ": field \"" + field + "\" must be a number or string, got "
                    + v.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        if (v.isTextual() && v.textValue().getBytes(StandardCharsets.UTF_8).length > options.maxValueBytes()) {
            throw new TooLargeException("field \"" + field + "\" is over " + options.maxValueBytes() + " bytes");
        }
        return v;
    }

    /**
     * Reads the body, keeping at most max-value-bytes + 64 KiB. An oversized body is still drained
     * (up to 64 MiB) so the client can read our 413 instead of a connection reset.
     */
    private byte[] readBody(HttpExchange ex) throws IOException {
        long limit = (long) options.maxValueBytes() + 64 * 1024;
        long drainLimit = 64L << 20;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] chunk = new byte[64 * 1024];
        long total = 0;
        try (InputStream in = ex.getRequestBody()) {
            int r;
            while ((r = in.read(chunk)) > 0) {
                total += r;
                if (total <= limit) {
                    buf.write(chunk, 0, r);
                } else if (total > drainLimit) {
                    break;
                }
            }
        }
        if (total > limit) {
            throw new TooLargeException("body of " + (total > drainLimit ? "over " + drainLimit : total)
                    + " bytes is over the limit of " + limit);
        }
        return buf.toByteArray();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class BadRequestException extends RuntimeException {
        BadRequestException(String message) {
            super(message);
        }
    }

    private static final class TooLargeException extends RuntimeException {
        TooLargeException(String message) {
            super(message);
        }
    }
}
