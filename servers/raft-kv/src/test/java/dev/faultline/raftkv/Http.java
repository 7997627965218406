package dev.faultline.raftkv;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;

/** A tiny JSON-over-HTTP client for tests. */
final class Http {
    record Reply(int status, JsonNode body) {
        JsonNode value() {
            return body.get("value");
        }
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private Http() {
    }

    static Reply call(int port, String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(15))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> r = CLIENT.send(req, HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), KvStateMachine.JSON.readTree(r.body()));
    }

    static Reply get(int port, String key) throws IOException, InterruptedException {
        return call(port, "GET", "/kv/" + key, null);
    }

    static Reply put(int port, String key, String jsonValue) throws IOException, InterruptedException {
        return call(port, "PUT", "/kv/" + key, "{\"value\":" + jsonValue + "}");
    }

    static Reply append(int port, String key, String text) throws IOException, InterruptedException {
        return call(port, "POST", "/kv/" + key + "/append", "{\"value\":\"" + text + "\"}");
    }

    static Reply cas(int port, String key, String expected, String value) throws IOException, InterruptedException {
        return call(port, "POST", "/kv/" + key + "/cas", "{\"expected\":" + expected + ",\"value\":" + value + "}");
    }

    static Reply status(int port) throws IOException, InterruptedException {
        return call(port, "GET", "/status", null);
    }
}
