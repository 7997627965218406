package dev.faultline.targets.http;

import dev.faultline.checkers.history.Op;
import dev.faultline.harness.control.Cluster;
import dev.faultline.harness.control.Node;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Sends one op's request to a client's nodes in turn, its own node first: a refused connection means
 * nothing was sent, so the same request goes to the next node; while nodes are killed, ops still
 * reach the live majority instead of failing in a tight loop. Only when every node refuses is the
 * op a fail. A lost request is indeterminate; an answer is completed by the client.
 */
public final class NodeFailover {
    /** Where a node's client API listens. */
    public record Endpoint(String address, int port) {
    }

    /** One request, the same for every node: an HTTP method, a path and a JSON body ({@code null} for none). */
    public record Call(String method, String path, Object body) {
        public static Call get(String path) {
            return new Call("GET", path, null);
        }

        public static Call put(String path, Object body) {
            return new Call("PUT", path, body);
        }

        public static Call post(String path, Object body) {
            return new Call("POST", path, body);
        }
    }

    /** How a client completes an op from a node's answer. */
    @FunctionalInterface
    public interface Completion {
        Op complete(Op op, int status, String body);
    }

    private final HttpClient http;
    private final List<Endpoint> endpoints;
    private final Duration timeout;

    /** {@code what} names the client in the error for an empty list of nodes. */
    public NodeFailover(String what, HttpClient http, List<Endpoint> endpoints, Duration timeout) {
        if (endpoints.isEmpty()) throw new IllegalArgumentException("a " + what + " client needs at least one node");
        this.http = http;
        this.endpoints = List.copyOf(endpoints);
        this.timeout = timeout;
    }

    /** The endpoints of {@code own} and then of the cluster's other nodes in order, each on {@code port}. */
    public static List<Endpoint> ownFirst(Cluster cluster, Node own, ToIntFunction<Node> port) {
        List<Node> nodes = cluster.nodes();
        List<Endpoint> endpoints = new ArrayList<>();
        int first = nodes.indexOf(own);
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get((first + i) % nodes.size());
            endpoints.add(new Endpoint(n.address(), port.applyAsInt(n)));
        }
        return endpoints;
    }

    public Op send(Op op, Call call, HttpOutcomes.Indeterminate unknown, Completion answered) throws Exception {
        HttpRequest.BodyPublisher body = call.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(JsonHttp.JSON.writeValueAsString(call.body()));
        String refused = null;
        for (Endpoint node : endpoints) {
            HttpRequest.Builder req = HttpRequest.newBuilder(JsonHttp.uri(node.address(), node.port(), call.path()))
                    .timeout(timeout).header("Content-Type", "application/json");
            if (call.method().equals("GET")) req.GET();
            else req.method(call.method(), body);
            HttpOutcomes.Exchange sent = HttpOutcomes.send(http, req.build(), timeout);
            if (sent instanceof HttpOutcomes.Refused r) {
                refused = r.reason();
                continue;
            }
            if (sent instanceof HttpOutcomes.Lost l) return unknown.complete(op, l.reason());
            HttpOutcomes.Answer a = (HttpOutcomes.Answer) sent;
            return answered.complete(op, a.status(), a.body());
        }
        return op.fail("connect: no node accepted the connection (" + endpoints.size() + " tried; last: " + refused + ")");
    }
}
