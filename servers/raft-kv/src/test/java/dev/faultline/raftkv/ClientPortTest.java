package dev.faultline.raftkv;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The client port answers a definite 503 while the node is still starting, then serves the API. */
class ClientPortTest {
    @Test
    void answersDefinite503UntilTheApiIsInstalled() throws Exception {
        try (ClientPort port = ClientPort.bind("n9", KvCluster.freePort())) {
            Http.Reply status = Http.status(port.port());
            assertThat(status.status()).isEqualTo(503);
            assertThat(status.body().path("error").asText()).isEqualTo("unavailable");
            assertThat(status.body().path("definite").asBoolean()).isTrue();

            Http.Reply put = Http.put(port.port(), "k", "1");
            assertThat(put.status()).isEqualTo(503);
            assertThat(put.body().path("error").asText()).isEqualTo("no-leader");
            assertThat(put.body().path("definite").asBoolean()).isTrue();
            assertThat(put.body().path("message").asText()).contains("n9 is starting");

            port.serve(ex -> {
                byte[] body = "{\"role\":\"follower\"}".getBytes();
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
                ex.close();
            });
            Http.Reply served = Http.status(port.port());
            assertThat(served.status()).isEqualTo(200);
            assertThat(served.body().path("role").asText()).isEqualTo("follower");
        }
    }
}
