package dev.faultline.targets.lock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** HTTP plumbing shared by the lock Db and clients. */
final class LockHttp {
    static final ObjectMapper JSON = new ObjectMapper();

    private LockHttp() {
    }

    static HttpClient client(Duration connectTimeout) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout).build();
    }

    static URI uri(String address, int port, String path) {
        return URI.create("http://" + address + ":" + port + path);
    }

    /** {@code GET /status}, or empty if the server does not answer 200 within {@code timeout}. */
    static Optional<JsonNode> status(HttpClient http, String address, int port, Duration timeout) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(address, port, "/status")).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Optional.of(JSON.readTree(r.body())) : Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
