package dev.faultline.twopc;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;

/** JSON over HTTP to another node of the bank. A non-2xx answer completes with {@link PeerException}. */
public final class PeerClient {
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1))
            .executor(Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "peer-client");
                t.setDaemon(true);
                return t;
            }))
            .build();

    /** A peer answered with an error status, or could not be reached. */
    public static final class PeerException extends IOException {
        private final int status;
        private final JsonNode body;

        PeerException(String message, int status, JsonNode body) {
            super(message);
            this.status = status;
            this.body = body;
        }

        public int status() {
            return status;
        }

        public JsonNode body() {
            return body;
        }
    }

    public CompletableFuture<JsonNode> post(HostPort peer, String path, Object body, long timeoutMs) {
        byte[] bytes;
        try {
            bytes = Json.MAPPER.writeValueAsBytes(body);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        HttpRequest req = HttpRequest.newBuilder(peer.uri(path))
                .timeout(Duration.ofMillis(timeoutMs))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build();
        return send(peer, path, req);
    }

    public CompletableFuture<JsonNode> get(HostPort peer, String path, long timeoutMs) {
        HttpRequest req = HttpRequest.newBuilder(peer.uri(path)).timeout(Duration.ofMillis(timeoutMs)).GET().build();
        return send(peer, path, req);
    }

    private CompletableFuture<JsonNode> send(HostPort peer, String path, HttpRequest req) {
        return http.sendAsync(req, HttpResponse.BodyHandlers.ofByteArray()).thenApply(resp -> {
            JsonNode node;
            try {
                node = resp.body().length == 0 ? null : Json.MAPPER.readTree(resp.body());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(new PeerException(peer + path + ": unreadable answer", resp.statusCode(), null));
            }
            if (resp.statusCode() / 100 != 2)
                throw new java.io.UncheckedIOException(new PeerException(peer + path + ": HTTP " + resp.statusCode() + " " + node, resp.statusCode(), node));
            return node;
        });
    }
}
