package dev.faultline.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JsonHttpServerTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpClient client = HttpClient.newHttpClient();
    private JsonHttpServer server;

    @BeforeEach
    void start() throws Exception {
        server = new JsonHttpServer("127.0.0.1", 0, "test", 4)
                .route("POST", "/echo/{}", r -> Map.of("param", r.params().get(0), "n", JsonHttpServer.integer(r.body(), "n"),
                        "header", String.valueOf(r.header("X-Test"))))
                .route("GET", "/refuse", r -> { throw new ApiError(409, "conflict", true, "no"); })
                .route("GET", "/illegal", r -> { throw new IllegalArgumentException("bad value"); })
                .route("GET", "/broken", r -> { throw new IllegalStateException("boom"); })
                .start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).header("X-Test", "yes");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return MAPPER.readTree(r.body());
    }

    @Test
    void routesPathParametersBodiesAndHeaders() throws Exception {
        HttpResponse<String> r = send("POST", "/echo/k1", "{\"n\":7}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).path("param").asText()).isEqualTo("k1");
        assertThat(json(r).path("n").asLong()).isEqualTo(7);
        assertThat(json(r).path("header").asText()).isEqualTo("yes");
    }

    @Test
    void errorsAreJsonAnswersWithStatusCodeAndDefiniteness() throws Exception {
        assertThat(send("GET", "/refuse", null).statusCode()).isEqualTo(409);
        assertThat(json(send("GET", "/refuse", null)).path("definite").asBoolean()).isTrue();
        HttpResponse<String> missing = send("POST", "/echo/k1", "{}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(json(missing).path("message").asText()).contains("field 'n' is required");
        assertThat(send("POST", "/echo/k1", "{not json").statusCode()).isEqualTo(400);
        assertThat(send("GET", "/illegal", null).statusCode()).isEqualTo(400);
        assertThat(send("GET", "/echo/k1", null).statusCode()).isEqualTo(405);
        assertThat(send("GET", "/nowhere", null).statusCode()).isEqualTo(404);
        assertThat(send("POST", "/echo/k1", "[" + " ".repeat(JsonHttpServer.MAX_BODY) + "]").statusCode()).isEqualTo(413);
        HttpResponse<String> broken = send("GET", "/broken", null);
        assertThat(broken.statusCode()).isEqualTo(500);
        assertThat(json(broken).path("definite").asBoolean()).as("an unexpected failure may have had an effect").isFalse();
        assertThat(send("POST", "/echo/k2", "{\"n\":1}").statusCode()).as("still serving").isEqualTo(200);
    }

    @Test
    void relayedErrorsKeepTheirExtraFields() {
        ObjectMapper m = new ObjectMapper();
        ApiError e = ApiError.relayed(503, m.createObjectNode().put("error", "no-leader").put("definite", true).put("message", "m").put("leader", "n2"));
        assertThat(e.status()).isEqualTo(503);
        assertThat(e.body().path("leader").asText()).isEqualTo("n2");
        assertThat(e.body().path("error").asText()).isEqualTo("no-leader");
    }
}
