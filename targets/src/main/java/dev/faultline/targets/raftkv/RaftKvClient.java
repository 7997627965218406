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
 * A register client for one raft-kv node. Outcomes: 2xx is ok; an error body with
 * {@code definite:true} (or a refused connection: nothing was sent) is fail; a timeout, a dropped
 * connection or {@code definite:false} is info. A read that did not answer is recorded as fail:
 * reads change nothing, so dropping one from the history is sound and spares the checker.
 */
final class RaftKvClient implements Client {
    private final HttpClient http;
    private final String address;
    private final int port;
    private final Duration timeout;

    RaftKvClient(HttpClient http, String address, int port, Duration timeout) {
        this.http = http;
        this.address = address;
        this.port = port;
        this.timeout = timeout;
    }

    @Override
    public Op invoke(TestContext ctx, Op op) throws Exception {
        String path = "/kv/" + URLEncoder.encode(op.key(), StandardCharsets.UTF_8);
        HttpRequest.Builder req = HttpRequest.newBuilder().timeout(timeout).header("Content-Type", "application/json");
        switch (op.f()) {
            case "read" -> req.uri(KvHttp.uri(address, port, path)).GET();
            case "write" -> req.uri(KvHttp.uri(address, port, path)).PUT(body(Map.of("value", op.value())));
            case "cas" -> {
                if (!(op.value() instanceof List<?> v) || v.size() != 2) return op.fail("bad-request: cas needs [expected, new]");
                Map<String, Object> b = new LinkedHashMap<>();
                b.put("expected", v.get(0));
                b.put("value", v.get(1));
                req.uri(KvHttp.uri(address, port, path + "/cas")).POST(body(b));
            }
            default -> {
                return op.fail("bad-request: raft-kv register client has no op '" + op.f() + "'");
            }
        }
        HttpResponse<String> response;
        try {
            response = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException | ConnectException e) {
            return op.fail("connect: " + describe(e));
        } catch (HttpTimeoutException e) {
            return indeterminate(op, "timeout: no answer within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            if (isRefused(e)) return op.fail("connect: " + describe(e));
            return indeterminate(op, "io: " + describe(e));
        }
        return complete(op, response.statusCode(), response.body());
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
