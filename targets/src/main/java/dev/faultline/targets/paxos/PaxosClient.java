package dev.faultline.targets.paxos;

import dev.faultline.checkers.history.Op;
import dev.faultline.harness.spi.Client;
import dev.faultline.harness.spi.TestContext;
import dev.faultline.targets.http.HttpOutcomes;
import dev.faultline.targets.http.NodeFailover;
import dev.faultline.targets.http.RegisterHttp;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * A register client bound to one Paxos node. Outcomes: 2xx is ok; an error body with
 * {@code definite:true} is fail; a timeout, a dropped connection or {@code definite:false} is
 * info. A read that did not answer is recorded as fail: reads change nothing, so dropping one from
 * the history is sound and spares the checker.
 *
 * <p>{@link NodeFailover} sends each op to the client's own node first and moves on to the next
 * node only when a connection is refused; only when every node refuses is the op a fail.
 */
final class PaxosClient implements Client {
    private static final HttpOutcomes.Indeterminate INDETERMINATE = HttpOutcomes.Indeterminate.failReads("read");

    private final NodeFailover nodes;

    PaxosClient(HttpClient http, List<NodeFailover.Endpoint> endpoints, Duration timeout) {
        this.nodes = new NodeFailover("paxos", http, endpoints, timeout);
    }

    @Override
    public Op invoke(TestContext ctx, Op op) throws Exception {
        String path = "/kv/" + URLEncoder.encode(op.key(), StandardCharsets.UTF_8);
        NodeFailover.Call call;
        try {
            call = RegisterHttp.call("paxos register", op, path);
        } catch (IllegalArgumentException e) {
            return op.fail(e.getMessage());
        }
        return nodes.send(op, call, INDETERMINATE, PaxosClient::complete);
    }

    static Op complete(Op op, int status, String body) {
        return HttpOutcomes.complete(op, status, body, INDETERMINATE,
                json -> op.f().equals("read") ? op.ok(JsonValues.value(json.get("value"))) : op.ok(op.value()));
    }
}
