package com.example.myregister;

import dev.faultline.checkers.history.Op;
import dev.faultline.harness.spi.Client;
import dev.faultline.harness.spi.TestContext;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * The register workload's ops ({@code read}, {@code write V}, {@code cas [A B]}) as HTTP requests to
 * one node. An op that certainly did not happen completes as {@code fail}; one that may have
 * happened (a timeout, a 504) is thrown or {@code info}, and the checker considers both outcomes.
 */
final class MyRegisterClient implements Client {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final URI base;

    MyRegisterClient(String address, int port) {
        this.base = URI.create("http://" + address + ":" + port);
    }

    @Override
    public Op invoke(TestContext ctx, Op op) throws Exception {
        HttpResponse<String> r;
        try {
            r = switch (op.f()) {
                case "read" -> send("GET", "/r/" + op.key(), "");
                case "write" -> send("PUT", "/r/" + op.key(), op.value().toString());
                case "cas" -> {
                    List<?> ab = (List<?>) op.value();
                    yield send("POST", "/cas/" + op.key(), ab.get(0) + " " + ab.get(1));
                }
                default -> throw new IllegalArgumentException("unknown op " + op.f());
            };
        } catch (ConnectException e) {
            return op.fail("connection refused"); // nothing was sent
        }
        return switch (r.statusCode()) {
            case 200 -> op.ok(op.f().equals("read") ? Long.valueOf(r.body()) : op.value());
            case 404 -> op.ok(null); // read of a key never written
            case 409 -> op.fail("cas: value differs");
            case 503 -> op.fail("primary unreachable");
            default -> op.info("HTTP " + r.statusCode() + " " + r.body());
        };
    }

    private HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(3))
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
