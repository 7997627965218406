package dev.faultline.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreServerTest {
    @TempDir Path tmp;

    @Test
    void servesIndexReportsAndFilesButNothingOutsideTheStore() throws Exception {
        Path store = Files.createDirectories(tmp.resolve("store"));
        Files.writeString(tmp.resolve("secret.txt"), "top secret");
        Path run = Store.at(store).newRun("register");
        SampleRuns.writeJsonl(SampleRuns.stale(), run.resolve("history.jsonl"));
        RunReports.write(run, SampleRuns.stale(), SampleRuns.staleResult(), SampleRuns.info("register"));
        Files.createSymbolicLink(run.resolve("escape"), tmp.resolve("secret.txt"));

        try (StoreServer server = StoreServer.start(store, 0)) {
            assertThat(server.url()).startsWith("http://127.0.0.1:");
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NORMAL).build();
            HttpResponse<String> index = get(http, server, "/");
            assertThat(index.statusCode()).isEqualTo(200);
            assertThat(index.body()).contains("register/" + run.getFileName() + "/report.html");

            String rel = "/register/" + run.getFileName() + "/";
            HttpResponse<String> report = get(http, server, rel + "report.html");
            assertThat(report.statusCode()).isEqualTo(200);
            assertThat(report.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
            assertThat(report.body()).contains("every linearization");
            assertThat(get(http, server, rel + "history.jsonl").body()).startsWith("{\"index\":0");
            assertThat(get(http, server, "/latest/results.json").body()).contains("\"validity\" : \"invalid\"");
            assertThat(get(http, server, rel).body()).contains("junit.xml");
            assertThat(get(http, server, rel.substring(0, rel.length() - 1)).statusCode()).isEqualTo(200); // redirected

            assertThat(get(http, server, rel + "escape").statusCode()).isEqualTo(404);
            assertThat(get(http, server, "/%2e%2e/secret.txt").statusCode()).isEqualTo(404);
            assertThat(get(http, server, "/register/..%2f..%2fsecret.txt").statusCode()).isEqualTo(404);
            assertThat(rawGet(server, "/../secret.txt")).startsWith("HTTP/1.1 404");
            assertThat(rawGet(server, "/register/../../secret.txt")).startsWith("HTTP/1.1 404");
            assertThat(http.send(HttpRequest.newBuilder(URI.create(server.url())).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(405);
        }
    }

    @Test
    void unsafeSegmentsAreRejected() {
        assertThat(StoreServer.segments("/a/b/")).containsExactly("a", "b");
        assertThat(StoreServer.segments("/a%20b/c+d")).containsExactly("a b", "c+d");
        assertThat(StoreServer.segments("/a/../b")).isNull();
        assertThat(StoreServer.segments("/a/%2e%2e/b")).isNull();
        assertThat(StoreServer.segments("/a%2fb")).isNull();
        assertThat(StoreServer.segments("/a//b")).isNull();
        assertThat(StoreServer.segments("/%00")).isNull();
    }

    private static HttpResponse<String> get(HttpClient http, StoreServer server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.url() + path.substring(1))).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A request line sent as-is: HTTP clients would normalise the dots away. */
    private static String rawGet(StoreServer server, String path) throws Exception {
        return rawGet(server, path, "localhost:" + server.port()).get(0);
    }

    /** The status line and body of a GET with this Host header (null: none). */
    private static List<String> rawGet(StoreServer server, String path, String host) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\n" + (host == null ? "" : "Host: " + host + "\r\n") + "Connection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).lines().toList();
        }
    }

    @Test
    void requestsForAnyOtherHostAreRefusedAgainstDnsRebinding() throws Exception {
        Path store = Files.createDirectories(tmp.resolve("store"));
        try (StoreServer server = StoreServer.start(store, 0)) {
            int port = server.port();
            for (String ok : List.of("127.0.0.1:" + port, "localhost:" + port, "LocalHost:" + port))
                assertThat(rawGet(server, "/", ok).get(0)).as(ok).startsWith("HTTP/1.1 200");
            for (String bad : List.of("evil.example:" + port, "evil.example", "localhost", "127.0.0.1:" + (port == 1 ? 2 : 1),
                    "localhost.evil.example:" + port, "[::1]:" + port)) {
                List<String> response = rawGet(server, "/", bad);
                assertThat(response.get(0)).as(bad).startsWith("HTTP/1.1 403");
                assertThat(String.join("\n", response)).as(bad).contains("Host header '" + bad + "' is not this server (expected 127.0.0.1:"
                        + port + " or localhost:" + port + ")");
            }
            assertThat(rawGet(server, "/", null).get(0)).startsWith("HTTP/1.1 4");
        }
    }
}
