package dev.faultline.raftkv;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

import dev.faultline.raft.RaftNode;

/**
 * Forwards a client request from a follower to the leader's client port (learnt from the leader's
 * advertised info) and returns the leader's answer verbatim. A request that could not be delivered
 * (no leader, connection refused, connect timeout) fails definitely with 503; one that was sent but
 * got no answer is indeterminate (504).
 *
 * <p>The JDK HttpClient costs about 0.3 s of CPU to build (it initialises TLS even for plain http),
 * a quarter of a node's start-up, so it is built off the start-up path: in the background once the
 * node serves, or by the first forward, whichever comes first.
 */
final class LeaderProxy {
    static final String FORWARDED_HEADER = "X-Faultline-Forwarded-By";

    private final RaftNode raft;
    private final Duration requestTimeout;
    private HttpClient http;

    LeaderProxy(RaftNode raft, Duration requestTimeout) {
        this.raft = raft;
        this.requestTimeout = requestTimeout;
    }

    private synchronized HttpClient client() {
        if (http == null) {
            http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(1)).build();
        }
        return http;
    }

    /** Builds the HTTP client on a background thread, so the first forward does not pay for it. */
    void warmUpInBackground() {
        Thread t = new Thread(this::client, "proxy-warm-up-" + raft.id());
        t.setDaemon(true);
        t.start();
    }

    /**
     * Sends the request to {@code leader}, whose client address is {@code leaderAddress} (host:port).
     * Returns null if the request could not be delivered at all (so the caller may retry elsewhere).
     */
    ApiResponse forward(String leader, String leaderAddress, String method, String rawPathAndQuery, byte[] body) {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://" + leaderAddress + rawPathAndQuery))
                .timeout(requestTimeout.plusSeconds(2))
                .header("Content-Type", "application/json")
                .header(FORWARDED_HEADER, raft.id())
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<byte[]> resp = client().send(req, HttpResponse.BodyHandlers.ofByteArray());
            return new ApiResponse(resp.statusCode(), resp.body());
        } catch (HttpConnectTimeoutException | ConnectException e) {
            return null;
        } catch (HttpTimeoutException e) {
            return ApiResponse.timeout("forwarded to leader " + leader + " but got no answer in time");
        } catch (IOException e) {
            return ApiResponse.error(504, "timeout", false,
                    "forwarded to leader " + leader + ", connection lost: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ApiResponse.timeout("interrupted while forwarding");
        }
    }
}
