package dev.faultline.targets.raftkv;

import com.sun.net.httpserver.HttpServer;
import dev.faultline.checkers.history.Op;
import dev.faultline.targets.http.JsonHttp;
import dev.faultline.targets.http.NodeFailover;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A refused connection sends the op to the next node; only when every node refuses is it a fail. */
class RaftKvClientFailoverTest {
    private static final Op READ = Op.invoke(0, "read", "k1", null);

    @Test
    void refusedNodeIsSkippedAndTheNextNodeAnswers() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicInteger requests = new AtomicInteger();
        server.createContext("/kv/", exchange -> {
            requests.incrementAndGet();
            byte[] body = "{\"key\":\"k1\",\"value\":3}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            RaftKvClient client = new RaftKvClient(JsonHttp.client(Duration.ofSeconds(1)),
                    List.of(new NodeFailover.Endpoint("127.0.0.1", closedPort()),
                            new NodeFailover.Endpoint("127.0.0.1", server.getAddress().getPort())),
                    Duration.ofSeconds(2));
            Op done = client.invoke(null, READ);
            assertThat(done.isOk()).isTrue();
            assertThat(done.value()).isEqualTo(3L);
            assertThat(requests).hasValue(1);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void everyNodeRefusingIsADefiniteFail() throws Exception {
        RaftKvClient client = new RaftKvClient(JsonHttp.client(Duration.ofSeconds(1)),
                List.of(new NodeFailover.Endpoint("127.0.0.1", closedPort()), new NodeFailover.Endpoint("127.0.0.1", closedPort())),
                Duration.ofSeconds(2));
        Op done = client.invoke(null, Op.invoke(0, "write", "k1", 2L));
        assertThat(done.isFail()).isTrue();
        assertThat(done.error()).startsWith("connect: no node accepted the connection (2 tried");
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
