package dev.faultline.targets.lock;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.Map;

/**
 * A lock-workload client: acquire/renew/release on one lock node (followers forward to the
 * leader), writes on the cluster's fenced resource. The client id sent to the service is
 * {@code p<process>}, so a worker that took a fresh process after an {@code info} is a new client.
 * Outcomes follow docs/protocols.md: 2xx ok; {@code definite:true} or a refused connection fail;
 * a timeout, a dropped connection or {@code definite:false} info.
 */
final class LockClient implements Client {
    private final HttpClient http;
    private final String lockAddress;
    private final int lockPort;
    private final String resourceAddress;
    private final int resourcePort;
    private final Duration timeout;

    LockClient(HttpClient http, String lockAddress, int lockPort, String resourceAddress, int resourcePort, Duration timeout) {
        this.http = http;
        this.lockAddress = lockAddress;
        this.lockPort = lockPort;
        this.resourceAddress = resourceAddress;
        this.resourcePort = resourcePort;
        this.timeout = timeout;
    }

    @Override
    public Op invoke(TestContext ctx, Op op) throws Exception {
        if (op.key() == null) return op.fail("bad-request: lock ops need a key (the lock name)");
        String name = URLEncoder.encode(op.key(), StandardCharsets.UTF_8);
        String client = "p" + op.process();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("client", client);
        HttpRequest.Builder req = HttpRequest.newBuilder().timeout(timeout).header("Content-Type", "application/json");
        switch (op.f()) {
            case "acquire" -> {
                if (!(op.value() instanceof Long ttl)) return op.fail("bad-request: acquire needs the TTL in ms as its value");
                body.put("ttlMs", ttl);
                req.uri(JsonHttp.uri(lockAddress, lockPort, "/locks/" + name + "/acquire"));
            }
            case "renew", "release" -> {
                if (!(op.value() instanceof Long token)) return op.fail("bad-request: " + op.f() + " needs the token as its value");
                body.put("token", token);
                req.uri(JsonHttp.uri(lockAddress, lockPort, "/locks/" + name + "/" + op.f()));
            }
            case "write" -> {
                if (!(op.value() instanceof Map<?, ?> v) || !(v.get("token") instanceof Long token)) {
                    return op.fail("bad-request: write needs {token, value}");
                }
                body.put("token", token);
                body.put("value", v.get("value"));
                req.uri(JsonHttp.uri(resourceAddress, resourcePort, "/resource/" + name));
            }
            default -> {
                return op.fail("bad-request: the lock client has no op '" + op.f() + "'");
            }
        }
        req.POST(HttpRequest.BodyPublishers.ofString(JsonHttp.JSON.writeValueAsString(body)));
        HttpOutcomes.Exchange sent = HttpOutcomes.send(http, req.build(), timeout);
        if (sent instanceof HttpOutcomes.Refused r) return op.fail("connect: " + r.reason());
        if (sent instanceof HttpOutcomes.Lost l) return op.info(l.reason());
        HttpOutcomes.Answer a = (HttpOutcomes.Answer) sent;
        return complete(op, a.status(), a.body());
    }

    static Op complete(Op op, int status, String body) {
        return HttpOutcomes.complete(op, status, body, HttpOutcomes.Indeterminate.info(), json -> switch (op.f()) {
            case "acquire" -> json.path("token").canConvertToLong() && json.path("token").isIntegralNumber()
                    ? op.ok(json.get("token").asLong()) : op.info("bad-response: acquire answer without a token: " + body);
            case "write" -> written(op, json, body);
            default -> op.ok(op.value());
        });
    }

    private static Op written(Op op, JsonNode json, String body) {
        if (!json.path("seq").isIntegralNumber()) return op.info("bad-response: write answer without seq: " + body);
        Map<String, Object> out = new LinkedHashMap<>(castMap((Map<?, ?>) op.value()));
        out.put("seq", json.get("seq").asLong());
        return op.ok(out);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }
}
