package dev.faultline.lock;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A tiny JSON-over-HTTP client for tests. */
final class Http {
    record Answer(int status, JsonNode body) {
        boolean ok() {
            return status == 200;
        }

        String error() {
            return body == null ? null : body.path("error").asText(null);
        }

        long token() {
            return body.path("token").asLong(-1);
        }
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private Http() {
    }

    /**
     * POSTs, retrying for up to 10 s while the answer is 503 (a definite failure such as "no leader
     * yet" right after an election, which tests on a loaded machine do hit).
     */
    static Answer post(int port, String path, String json) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            Answer a = send(HttpRequest.newBuilder(uri(port, path)).POST(HttpRequest.BodyPublishers.ofString(json)));
            if (a.status() != 503 || System.nanoTime() > deadline) return a;
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return a;
            }
        }
    }

    static Answer get(int port, String path) {
        return send(HttpRequest.newBuilder(uri(port, path)).GET());
    }

    static Answer send(HttpRequest.Builder b) {
        try {
            HttpResponse<String> r = CLIENT.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body().isEmpty() ? null : Json.MAPPER.readTree(r.body()));
        } catch (IOException e) {
            return new Answer(-1, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static URI uri(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    static Answer acquire(int port, String lock, String client, long ttlMs) {
        return post(port, "/locks/" + lock + "/acquire", "{\"client\":\"" + client + "\",\"ttlMs\":" + ttlMs + "}");
    }

    static Answer renew(int port, String lock, String client, long token) {
        return post(port, "/locks/" + lock + "/renew", "{\"client\":\"" + client + "\",\"token\":" + token + "}");
    }

    static Answer release(int port, String lock, String client, long token) {
        return post(port, "/locks/" + lock + "/release", "{\"client\":\"" + client + "\",\"token\":" + token + "}");
    }

    static Answer write(int port, String resource, String client, long token, String value) {
        return post(port, "/resource/" + resource, "{\"client\":\"" + client + "\",\"token\":" + token
                + ",\"value\":\"" + value + "\"}");
    }
}
