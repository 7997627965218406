package dev.faultline.targets.raftkv;

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
import java.util.Map;

/**
 * A register and transaction ({@code f = "txn"}, {@code POST /txn}) client bound to one raft-kv node. Outcomes: 2xx is ok; an error body with
 * {@code definite:true} is fail; a timeout, a dropped connection or {@code definite:false} is
 * info. A read that did not answer is recorded as fail: reads change nothing, so dropping one from
 * the history is sound and spares the checker.
 *
 * <p>{@link NodeFailover} sends each op to the client's own node first and moves on to the next
 * node only when a connection is refused; only when every node refuses is the op a fail.
 */
final class RaftKvClient implements Client {
    /** A lost read, or a lost transaction of reads only, changed nothing: fail; anything else is info. */
    private static final HttpOutcomes.Indeterminate INDETERMINATE = (op, reason) ->
            op.f().equals("read") || (op.f().equals(TxnOps.TXN) && TxnOps.readOnly(op.value())) ? op.fail(reason) : op.info(reason);

    private final NodeFailover nodes;

    RaftKvClient(HttpClient http, List<NodeFailover.Endpoint> endpoints, Duration timeout) {
        this.nodes = new NodeFailover("raft-kv", http, endpoints, timeout);
    }

    @Override
    public Op invoke(TestContext ctx, Op op) throws Exception {
        String path = op.f().equals(TxnOps.TXN) ? "/txn" : "/kv/" + URLEncoder.encode(String.valueOf(op.key()), StandardCharsets.UTF_8);
        NodeFailover.Call call;
        if (op.f().equals(TxnOps.TXN)) {
            if (!(op.value() instanceof List<?> ops)) return op.fail("bad-request: txn needs a list of micro-ops");
            call = NodeFailover.Call.post(path, Map.of("ops", ops));
        } else {
            try {
                call = RegisterHttp.call("raft-kv", op, path);
            } catch (IllegalArgumentException e) {
                return op.fail(e.getMessage());
            }
        }
        return nodes.send(op, call, INDETERMINATE, RaftKvClient::complete);
    }

    static Op complete(Op op, int status, String body) {
        return HttpOutcomes.complete(op, status, body, INDETERMINATE,
                json -> switch (op.f()) {
                    case "read" -> op.ok(KvHttp.value(json.get("value")));
                    case TxnOps.TXN -> {
                        try {
                            yield op.ok(TxnOps.results(json.get("ops")));
                        } catch (IllegalArgumentException e) {
                            yield INDETERMINATE.complete(op, "bad-response: " + e.getMessage());
                        }
                    }
                    default -> op.ok(op.value());
                });
    }
}
