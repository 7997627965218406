package dev.faultline.targets.http;

import com.sun.net.httpserver.HttpServer;
import dev.faultline.checkers.history.Op;
import dev.faultline.harness.control.Cluster;
import dev.faultline.harness.control.Node;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The requests NodeFailover and RegisterHttp put on the wire, and the order of a client's nodes. */
class NodeFailoverTest {
    @Test
    void ownNodeFirstThenTheOthersInClusterOrder() {
        Cluster cluster = new Cluster(List.of(new Node("n1", "10.0.0.1", null), new Node("n2", "10.0.0.2", null),
                new Node("n3", "10.0.0.3", null)));
        assertThat(NodeFailover.ownFirst(cluster, cluster.nodes().get(1), n -> 7000 + n.name().charAt(1) - '0'))
                .containsExactly(new NodeFailover.Endpoint("10.0.0.2", 7002), new NodeFailover.Endpoint("10.0.0.3", 7003),
                        new NodeFailover.Endpoint("10.0.0.1", 7001));
    }

    @Test
    void registerOpsGoOutAsTheProtocolSays() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        List<String> seen = new CopyOnWriteArrayList<>();
        server.createContext("/kv/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " " + body);
            answer(exchange, "{\"key\":\"k\",\"value\":1}");
        });
        server.start();
        try {
            NodeFailover nodes = new NodeFailover("test", JsonHttp.client(Duration.ofSeconds(1)),
                    List.of(new NodeFailover.Endpoint("127.0.0.1", server.getAddress().getPort())), Duration.ofSeconds(2));
            for (Op op : List.of(Op.invoke(0, "read", "k", null), Op.invoke(0, "write", "k", 1L), Op.invoke(0, "cas", "k", List.of(0L, 1L)))) {
                Op done = nodes.send(op, RegisterHttp.call("test", op, "/kv/k"), HttpOutcomes.Indeterminate.info(),
                        (o, status, body) -> status == 200 ? o.ok(o.value()) : o.fail("http " + status));
                assertThat(done.isOk()).as(op.f()).isTrue();
            }
            assertThat(seen).containsExactly("GET /kv/k ", "PUT /kv/k {\"value\":1}", "POST /kv/k/cas {\"expected\":0,\"value\":1}");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void malformedCasAndUnknownOpsAreBadRequests() {
        assertThatThrownBy(() -> RegisterHttp.call("test", Op.invoke(0, "cas", "k", 3L), "/kv/k"))
                .hasMessage("bad-request: cas needs [expected, new]");
        assertThatThrownBy(() -> RegisterHttp.call("test", Op.invoke(0, "append", "k", 3L), "/kv/k"))
                .hasMessage("bad-request: test client has no op 'append'");
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
