package dev.faultline.targets.raftkv;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.faultline.checkers.history.Op;
import dev.faultline.harness.spi.Client;
import dev.faultline.harness.spi.TestContext;
import dev.faultline.targets.http.HttpOutcomes;
import dev.faultline.targets.http.JsonHttp;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A register and transaction ({@code f = "txn"}, {@code POST /txn}) client bound to one raft-kv node. Outcomes: 2xx is ok; an error body with
 * {@code definite:true} is fail; a timeout, a dropped connection or {@code definite:false} is
 * info. A read that did not answer is recorded as fail: reads change nothing, so dropping one from
 * the history is sound and spares the checker.
 *
 * <p>A refused connection means nothing was sent, so the same op goes to the next node (its own
 * node first, then the others in order): while nodes are killed, ops still reach the live
 * majority instead of failing in a tight loop. Only when every node refuses is the op a fail.
 */
final class RaftKvClient implements Client {
    /** Where a node's client API listens. */
    record Endpoint(String address, int port) {
    }

    /** A lost read, or a lost transaction of reads only, changed nothing: fail; anything else is info. */
    private static final HttpOutcomes.Indeterminate INDETERMINATE = (op, reason) ->
            op.f().equals("read") || (op.f().equals(TxnOps.TXN) && TxnOps.readOnly(op.value())) ? op.fail(reason) : op.info(reason);

    private final HttpClient http;
    private final List<Endpoint> endpoints;
    private final Duration timeout;

    RaftKvClient(HttpClient http, List<Endpoint> endpoints, Duration timeout) {
        if (endpoints.isEmpty()) throw new IllegalArgumentException("a raft-kv client needs at least one node");
        this.http = http;
        this.endpoints = List.copyOf(endpoints);
        this.timeout = timeout;
    }

    @Override
    public Op invoke(TestContext ctx, Op op) throws Exception {
        String path = op.f().equals(TxnOps.TXN) ? "/txn" : "/kv/" + URLEncoder.encode(String.valueOf(op.key()), StandardCharsets.UTF_8);
        String refused = null;
        for (Endpoint node : endpoints) {
            HttpRequest.Builder req = HttpRequest.newBuilder().timeout(timeout).header("Content-Type", "application/json");
            switch (op.f()) {
                case "read" -> req.uri(JsonHttp.uri(node.address(), node.port(), path)).GET();
                case "write" -> req.uri(JsonHttp.uri(node.address(), node.port(), path)).PUT(body(Map.of("value", op.value())));
                case "cas" -> {
                    if (!(op.value() instanceof List<?> v) || v.size() != 2) return op.fail("bad-request: cas needs [expected, new]");
                    Map<String, Object> b = new LinkedHashMap<>();
                    b.put("expected", v.get(0));
                    b.put("value", v.get(1));
                    req.uri(JsonHttp.uri(node.address(), node.port(), path + "/cas")).POST(body(b));
                }
                case TxnOps.TXN -> {
                    if (!(op.value() instanceof List<?> ops)) return op.fail("bad-request: txn needs a list of micro-ops");
                    req.uri(JsonHttp.uri(node.address(), node.port(), path)).POST(body(Map.of("ops", ops)));
                }
                default -> {
                    return op.fail("bad-request: raft-kv client has no op '" + op.f() + "'");
                }
            }
            HttpOutcomes.Exchange sent = HttpOutcomes.send(http, req.build(), timeout);
            if (sent instanceof HttpOutcomes.Refused r) {
                refused = r.reason();
                continue;
            }
            if (sent instanceof HttpOutcomes.Lost l) return INDETERMINATE.complete(op, l.reason());
            HttpOutcomes.Answer a = (HttpOutcomes.Answer) sent;
            return complete(op, a.status(), a.body());
        }
        return op.fail("connect: no node accepted the connection (" + endpoints.size() + " tried; last: " + refused + ")");
    }

    static Op complete(Op op, int status, String body) {
        return HttpOutcomes.complete(op, status, body, INDETERMINATE,
                json -> switch (op.f()) {
                    case "read" -> op.ok(KvHttp.value(json.get("value")));
                    case TxnOps.TXN -> {
                        try {
                            yield op.ok(TxnOps.results(json.get("ops")));
                        } catch (IllegalArgumentException e) {
                            yield INDETERMINATE.complete(op, "bad-response: " + e.getMessage());
                        }
                    }
                    default -> op.ok(op.value());
                });
    }

    private static HttpRequest.BodyPublisher body(Object value) throws JsonProcessingException {
        return HttpRequest.BodyPublishers.ofString(JsonHttp.JSON.writeValueAsString(value));
    }
}
