package dev.faultline.targets.lock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.targets.http.JsonHttp;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Optional;

/** HTTP plumbing shared by the lock Db and clients (the common part lives in {@link JsonHttp}). */
final class LockHttp {
    static final ObjectMapper JSON = JsonHttp.JSON;

    private LockHttp() {
    }

    static HttpClient client(Duration connectTimeout) {
        return JsonHttp.client(connectTimeout);
    }

    static URI uri(String address, int port, String path) {
        return JsonHttp.uri(address, port, path);
    }

    /** {@code GET /status}, or empty if the server does not answer 200 within {@code timeout}. */
    static Optional<JsonNode> status(HttpClient http, String address, int port, Duration timeout) {
        return JsonHttp.status(http, address, port, timeout);
    }
}
