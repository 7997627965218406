package dev.faultline.lock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.server.http.ApiError;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * Forwards a client request from a follower to the leader's client port (the leader's advertised
 * info) and passes the leader's answer through. Not delivered (connection refused, connect timeout)
 * is definite (503); sent without an answer is indeterminate (504).
 */
final class LeaderProxy {
    static final String FORWARDED_HEADER = "X-Faultline-Forwarded-By";

    /** The leader's answer, verbatim. */
    record Answer(int status, JsonNode body) {
    }

    private final String self;
    private final Duration requestTimeout;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1)).build();

    LeaderProxy(String self, Duration requestTimeout) {
        this.self = self;
        this.requestTimeout = requestTimeout;
    }

    Answer forward(String leader, String leaderAddress, String method, String path, byte[] body) {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://" + leaderAddress + path))
                .timeout(requestTimeout.plusSeconds(1))
                .header("Content-Type", "application/json")
                .header(FORWARDED_HEADER, self)
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<byte[]> resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(resp.statusCode(), Json.read(resp.body()));
        } catch (HttpConnectTimeoutException | ConnectException e) {
            throw new ApiError(503, "not-leader", true, self + " is not the leader and leader " + leader
                    + " at " + leaderAddress + " is unreachable: " + e);
        } catch (HttpTimeoutException e) {
            throw ApiError.timeout("forwarded to leader " + leader + " but got no answer in time");
        } catch (IOException | RuntimeException e) {
            throw ApiError.timeout("forwarded to leader " + leader + ", connection lost: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiError.timeout("interrupted while forwarding");
        }
    }
}
