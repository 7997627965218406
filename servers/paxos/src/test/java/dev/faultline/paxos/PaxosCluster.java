package dev.faultline.paxos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.testkit.Ports;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A Paxos cluster in this JVM on loopback (real sockets, real files, real HTTP), and a small client. */
final class PaxosCluster implements AutoCloseable {
    /** One HTTP answer. */
    record Answer(int status, JsonNode body) {
        JsonNode value() {
            return body.get("value");
        }
    }

    final List<String> ids = new ArrayList<>();
    final Map<String, Integer> ports = new LinkedHashMap<>();
    final Map<String, PaxosServer> servers = new LinkedHashMap<>();
    private final Path dir;
    private final String unsafe;
    private final List<String> extraArgs = new ArrayList<>();
    private String requestTimeoutMs = "1000";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    PaxosCluster(Path dir, int size, String unsafe) throws IOException {
        this.dir = dir;
        this.unsafe = unsafe;
        for (int i = 1; i <= size; i++) {
            ids.add("n" + i);
            ports.put("n" + i, Ports.free());
        }
    }

    /** Every node started from now on gets these options too, and this request timeout. */
    PaxosCluster withOptions(long requestTimeoutMs, String... more) {
        this.requestTimeoutMs = Long.toString(requestTimeoutMs);
        extraArgs.addAll(List.of(more));
        return this;
    }

    String peers() {
        List<String> out = new ArrayList<>();
        ids.forEach(id -> out.add(id + "=127.0.0.1:" + ports.get(id)));
        return String.join(",", out);
    }

    List<String> args(String id) {
        List<String> a = new ArrayList<>(List.of("--id", id, "--data-dir", dir.resolve(id).toString(), "--peers", peers(),
                "--bind", "127.0.0.1", "--request-timeout-ms", requestTimeoutMs, "--peer-timeout-ms", "300"));
        a.addAll(extraArgs);
        if (unsafe != null) a.addAll(List.of("--unsafe", unsafe));
        return a;
    }

    PaxosCluster startAll() throws IOException {
        for (String id : ids) start(id);
        return this;
    }

    void start(String id) throws IOException {
        servers.put(id, PaxosServer.start(PaxosOptions.parse(args(id))));
    }

    void stop(String id) {
        PaxosServer s = servers.remove(id);
        if (s != null) s.close();
    }

    Answer get(String node, String key) throws Exception {
        return send(HttpRequest.newBuilder(uri(node, "/kv/" + key)).GET());
    }

    Answer put(String node, String key, Object value) throws Exception {
        return send(HttpRequest.newBuilder(uri(node, "/kv/" + key))
                .PUT(HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(Map.of("value", value)))));
    }

    Answer cas(String node, String key, Object expected, Object value) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("expected", expected);
        body.put("value", value);
        return send(HttpRequest.newBuilder(uri(node, "/kv/" + key + "/cas"))
                .POST(HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(body))));
    }

    Answer raw(String node, String method, String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(uri(node, path)).method(method, HttpRequest.BodyPublishers.ofString(body)));
    }

    private URI uri(String node, String path) {
        return URI.create("http://127.0.0.1:" + ports.get(node) + path);
    }

    private Answer send(HttpRequest.Builder req) throws Exception {
        HttpResponse<String> r = http.send(req.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), Json.MAPPER.readTree(r.body()));
    }

    @Override
    public void close() {
        for (String id : List.copyOf(servers.keySet())) stop(id);
    }
}
