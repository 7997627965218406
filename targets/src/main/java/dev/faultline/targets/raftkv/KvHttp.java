package dev.faultline.targets.raftkv;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.targets.http.JsonHttp;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Optional;

/** Small HTTP helpers for talking to a raft-kv node (docs/protocols.md); the common part lives in {@link JsonHttp}. */
final class KvHttp {
    static final ObjectMapper JSON = JsonHttp.JSON;

    private KvHttp() {
    }

    static HttpClient client(Duration connectTimeout) {
        return JsonHttp.client(connectTimeout);
    }

    static URI uri(String address, int port, String path) {
        return JsonHttp.uri(address, port, path);
    }

    /** GET /status, or empty if the node does not answer 200 in time. */
    static Optional<JsonNode> status(HttpClient http, String address, int port, Duration timeout) {
        return JsonHttp.status(http, address, port, timeout);
    }

    /** JSON value to the history's value types: null, Long, Double, String, Boolean. */
    static Object value(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) return null;
        if (n.isIntegralNumber()) return n.asLong();
        if (n.isNumber()) return n.asDouble();
        if (n.isBoolean()) return n.asBoolean();
        if (n.isTextual()) return n.asText();
        return JSON.convertValue(n, Object.class);
    }
}
