package dev.faultline.targets.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** HTTP/1.1 + JSON plumbing shared by the adapters of our servers (docs/protocols.md). */
public final class JsonHttp {
    public static final ObjectMapper JSON = new ObjectMapper();

    private JsonHttp() {
    }

    public static HttpClient client(Duration connectTimeout) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout).build();
    }

    /** The connect timeout of a client whose requests time out after {@code requestTimeout}: that, but at most 1 s. */
    public static Duration connectTimeout(Duration requestTimeout) {
        return Duration.ofMillis(Math.min(1000, requestTimeout.toMillis()));
    }

    /**
     * The longest one op of a client that sends one request with {@code requestTimeout} may take when it
     * may try to connect {@code connectAttempts} times ({@link NodeFailover} moves on to the next node
     * after a connect timeout): that many connect timeouts, then the request's.
     */
    public static Duration opTimeout(Duration requestTimeout, int connectAttempts) {
        return connectTimeout(requestTimeout).multipliedBy(connectAttempts).plus(requestTimeout);
    }

    public static URI uri(String address, int port, String path) {
        String host = address.contains(":") ? "[" + address + "]" : address;
        return URI.create("http://" + host + ":" + port + path);
    }

    /** {@code GET /status}, or empty if the server does not answer 200 within {@code timeout}. */
    public static Optional<JsonNode> status(HttpClient http, String address, int port, Duration timeout) {
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

    /**
     * An error answer of our servers: {@code {"error":..,"definite":..,"message":..}}. A body that is
     * missing or not JSON is not definite.
     */
    public record ErrorAnswer(String reason, boolean definite) {
        public static ErrorAnswer of(int status, JsonNode json) {
            String error = json == null ? "http-" + status : json.path("error").asText("http-" + status);
            String message = json == null ? "" : json.path("message").asText("");
            return new ErrorAnswer(message.isEmpty() ? error : error + ": " + message, json != null && json.path("definite").asBoolean(false));
        }
    }

    /** Whether the connection was refused (nothing was sent, so the op certainly did not happen). */
    public static boolean isRefused(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) return true;
        }
        return false;
    }

    public static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : " " + m);
    }
}
