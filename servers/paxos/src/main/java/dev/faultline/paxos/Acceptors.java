package dev.faultline.paxos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** How a proposer reaches one acceptor: this node's own in-process, the others over HTTP. */
interface Acceptors {
    String id();

    CompletableFuture<Acceptor.Promise> prepare(String key, Ballot ballot);

    CompletableFuture<Acceptor.Vote> accept(String key, Ballot ballot, JsonNode value);

    /** The request certainly never reached the acceptor (so it cannot have acted on it). */
    static boolean notDelivered(Throwable t) {
        Throwable c = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        return c instanceof ConnectException || c instanceof HttpConnectTimeoutException;
    }

    /** This node's acceptor, called on a pool thread (an answer waits for fsync). */
    record Local(String id, Acceptor acceptor, ExecutorService pool) implements Acceptors {
        @Override
        public CompletableFuture<Acceptor.Promise> prepare(String key, Ballot ballot) {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return acceptor.prepare(key, ballot);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, pool);
        }

        @Override
        public CompletableFuture<Acceptor.Vote> accept(String key, Ballot ballot, JsonNode value) {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return acceptor.accept(key, ballot, value);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, pool);
        }
    }

    /** Another node's acceptor: {@code POST /paxos/prepare} and {@code POST /paxos/accept}. */
    final class Remote implements Acceptors {
        private final PaxosOptions.Peer peer;
        private final HttpClient http;
        private final Duration timeout;

        Remote(PaxosOptions.Peer peer, Duration timeout) {
            this.peer = peer;
            this.timeout = timeout;
            ExecutorService pool = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "peer-" + peer.id());
                t.setDaemon(true);
                return t;
            });
            this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
                    .executor(pool).build();
        }

        @Override
        public String id() {
            return peer.id();
        }

        @Override
        public CompletableFuture<Acceptor.Promise> prepare(String key, Ballot ballot) {
            ObjectNode body = Json.object().put("key", key);
            body.set("ballot", ballot.toJson());
            return post("/paxos/prepare", body).thenApply(j -> new Acceptor.Promise(j.path("ok").asBoolean(),
                    Ballot.fromJson(j.get("promised")), Ballot.fromJson(j.get("accepted")), j.get("value")));
        }

        @Override
        public CompletableFuture<Acceptor.Vote> accept(String key, Ballot ballot, JsonNode value) {
            ObjectNode body = Json.object().put("key", key);
            body.set("ballot", ballot.toJson());
            body.set("value", value);
            return post("/paxos/accept", body).thenApply(j -> new Acceptor.Vote(j.path("ok").asBoolean(),
                    Ballot.fromJson(j.get("promised"))));
        }

        private CompletableFuture<JsonNode> post(String path, JsonNode body) {
            byte[] bytes;
            try {
                bytes = Json.MAPPER.writeValueAsBytes(body);
            } catch (IOException e) {
                return CompletableFuture.failedFuture(e);
            }
            HttpRequest req = HttpRequest.newBuilder(peer.uri(path)).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
            return http.sendAsync(req, HttpResponse.BodyHandlers.ofByteArray()).thenApply(resp -> {
                if (resp.statusCode() != 200) {
                    throw new IllegalStateException(peer.id() + path + ": HTTP " + resp.statusCode());
                }
                try {
                    return Json.MAPPER.readTree(resp.body());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
