package dev.faultline.targets.raftkv;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.checkers.history.Op;
import dev.faultline.harness.spi.Client;
import dev.faultline.harness.spi.TestContext;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A register client bound to one raft-kv node. Outcomes: 2xx is ok; an error body with
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
        String path = "/kv/" + URLEncoder.encode(op.key(), StandardCharsets.UTF_8);
        String refused = null;
        for (Endpoint node : endpoints) {
            HttpRequest.Builder req = HttpRequest.newBuilder().timeout(timeout).header("Content-Type", "application/json");
            switch (op.f()) {
                case "read" -> req.uri(KvHttp.uri(node.address(), node.port(), path)).GET();
                case "write" -> req.uri(KvHttp.uri(node.address(), node.port(), path)).PUT(body(Map.of("value", op.value())));
                case "cas" -> {
                    if (!(op.value() instanceof List<?> v) || v.size() != 2) return op.fail("bad-request: cas needs [expected, new]");
                    Map<String, Object> b = new LinkedHashMap<>();
                    b.put("expected", v.get(0));
                    b.put("value", v.get(1));
                    req.uri(KvHttp.uri(node.address(), node.port(), path + "/cas")).POST(body(b));
                }
                default -> {
                    return op.fail("bad-request: raft-kv register client has no op '" + op.f() + "'");
                }
            }
            HttpResponse<String> response;
            try {
                response = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
            } catch (HttpConnectTimeoutException | ConnectException e) {
                refused = describe(e);
                continue;
            } catch (HttpTimeoutException e) {
                return indeterminate(op, "timeout: no answer within " + timeout.toMillis() + " ms");
            } catch (IOException e) {
                if (isRefused(e)) {
                    refused = describe(e);
                    continue;
                }
                return indeterminate(op, "io: " + describe(e));
            }
            return complete(op, response.statusCode(), response.body());
        }
        return op.fail("connect: no node accepted the connection (" + endpoints.size() + " tried; last: " + refused + ")");
    }

    static Op complete(Op op, int status, String body) {
        JsonNode json;
        try {
            json = body == null || body.isBlank() ? null : KvHttp.JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return indeterminate(op, "bad-response: HTTP " + status + " with a body that is not JSON");
        }
        if (status / 100 == 2) {
            if (json == null) return indeterminate(op, "bad-response: HTTP " + status + " without a body");
            Object value = KvHttp.value(json.get("value"));
            return op.f().equals("read") ? op.ok(value) : op.ok(op.value());
        }
        String error = json == null ? "http-" + status : json.path("error").asText("http-" + status);
        String message = json == null ? "" : json.path("message").asText("");
        String reason = message.isEmpty() ? error : error + ": " + message;
        boolean definite = json != null && json.path("definite").asBoolean(false);
        return definite ? op.fail(reason) : indeterminate(op, reason);
    }

    private static Op indeterminate(Op op, String reason) {
        return op.f().equals("read") ? op.fail(reason) : op.info(reason);
    }

    private static boolean isRefused(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) return true;
        }
        return false;
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : " " + m);
    }

    private static HttpRequest.BodyPublisher body(Object value) throws JsonProcessingException {
        return HttpRequest.BodyPublishers.ofString(KvHttp.JSON.writeValueAsString(value));
    }
}
