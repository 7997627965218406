package dev.faultline.targets.etcd;

import com.sun.net.httpserver.HttpServer;
import dev.faultline.checkers.history.Op;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** A refused connection (nothing sent) moves the op to the next member; a loopback HTTP server stands in for a member's gateway. */
class EtcdClientFailoverTest {
    private HttpServer server;
    private final AtomicReference<String> lastBody = new AtomicReference<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v3/kv/range", ex -> {
            lastBody.set(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] out = "{\"header\":{},\"kvs\":[{\"key\":\"azE=\",\"value\":\"NA==\"}],\"count\":\"1\"}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, out.length);
            ex.getResponseBody().write(out);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void refusedConnectionsGoToTheNextMemberAndAllRefusedIsFail() throws Exception {
        String lo = InetAddress.getLoopbackAddress().getHostAddress();
        int dead = closedPort();
        EtcdClient client = new EtcdClient(EtcdHttp.client(Duration.ofSeconds(1)),
                List.of(new EtcdClient.Endpoint(lo, dead), new EtcdClient.Endpoint(lo, server.getAddress().getPort())),
                Duration.ofSeconds(2), true);
        Op read = client.invoke(null, Op.invoke(1, "read", "k1", null));
        assertThat(read.isOk()).isTrue();
        assertThat(read.value()).isEqualTo(4L);
        assertThat(lastBody.get()).contains("\"key\":\"azE=\"").contains("\"serializable\":true");

        EtcdClient allDead = new EtcdClient(EtcdHttp.client(Duration.ofSeconds(1)),
                List.of(new EtcdClient.Endpoint(lo, dead)), Duration.ofSeconds(2), false);
        Op write = allDead.invoke(null, Op.invoke(1, "write", "k1", 3L));
        assertThat(write.isFail()).isTrue();
        assertThat(write.error()).startsWith("connect: connection refused by every member");
    }
}
