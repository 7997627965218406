package dev.faultline.targets.etcd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/** The parts of etcd's v3 JSON gateway (grpc-gateway, etcd 3.4) that the adapter uses: POST JSON, keys and values base64. */
final class EtcdHttp {
    static final ObjectMapper JSON = new ObjectMapper();

    private EtcdHttp() {
    }

    static HttpClient client(Duration connectTimeout) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout).build();
    }

    static URI uri(String address, int port, String path) {
        String host = address.contains(":") ? "[" + address + "]" : address;
        return URI.create("http://" + host + ":" + port + path);
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static String unb64(String s) {
        return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
    }

    static HttpRequest post(String address, int port, String path, Object body, Duration timeout) throws IOException {
        return HttpRequest.newBuilder(uri(address, port, path)).timeout(timeout).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
    }

    /** A 200 answer's JSON, or empty when the member does not answer 200 in time. */
    static Optional<JsonNode> call(HttpClient http, String address, int port, String path, Object body, Duration timeout) {
        try {
            HttpResponse<String> r = http.send(post(address, port, path, body, timeout), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) return Optional.empty();
            return Optional.of(JSON.readTree(r.body()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** True when GET /health answers 200 with {@code "health":"true"} (the member has a leader and serves a quorum read). */
    static boolean healthy(HttpClient http, String address, int port, Duration timeout) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(address, port, "/health")).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && "true".equals(JSON.readTree(r.body()).path("health").asText());
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
