package dev.faultline.targets.twopc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.checkers.history.Op;
import dev.faultline.harness.spi.Client;
import dev.faultline.harness.spi.TestContext;
import dev.faultline.targets.http.JsonHttp;
import dev.faultline.workloads.bank.BankWorkload;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * A bank client of the twopc-bank coordinator: {@code transfer} is {@code POST /transfer},
 * {@code read} is {@code GET /balances}. Outcomes (docs/twopc-bank.md): 2xx ok; {@code definite:true}
 * errors and a refused connection fail; a timeout, a dropped connection, {@code 504 timeout} and
 * {@code 500 internal} are info for transfers. A read that did not answer is recorded as fail: reads
 * change nothing, so dropping one from the history is sound.
 */
final class BankClient implements Client {
    private final HttpClient http;
    private final String address;
    private final int port;
    private final Duration timeout;

    BankClient(HttpClient http, String address, int port, Duration timeout) {
        this.http = http;
        this.address = address;
        this.port = port;
        this.timeout = timeout;
    }

    @Override
    public Op invoke(TestContext ctx, Op op) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder().timeout(timeout).header("Content-Type", "application/json");
        switch (op.f()) {
            case BankWorkload.READ -> req.uri(JsonHttp.uri(address, port, "/balances")).GET();
            case BankWorkload.TRANSFER -> {
                if (!(op.value() instanceof Map<?, ?> v)) return op.fail("bad-request: transfer needs {from, to, amount}");
                req.uri(JsonHttp.uri(address, port, "/transfer"))
                        .POST(HttpRequest.BodyPublishers.ofString(JsonHttp.JSON.writeValueAsString(v)));
            }
            default -> {
                return op.fail("bad-request: the bank client has no op '" + op.f() + "'");
            }
        }
        HttpResponse<String> response;
        try {
            response = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException | ConnectException e) {
            return op.fail("connect: " + JsonHttp.describe(e));
        } catch (HttpTimeoutException e) {
            return indeterminate(op, "timeout: no answer within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            if (JsonHttp.isRefused(e)) return op.fail("connect: " + JsonHttp.describe(e));
            return indeterminate(op, "io: " + JsonHttp.describe(e));
        }
        return complete(op, response.statusCode(), response.body());
    }

    static Op complete(Op op, int status, String body) {
        JsonNode json;
        try {
            json = body == null || body.isBlank() ? null : JsonHttp.JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return indeterminate(op, "bad-response: HTTP " + status + " with a body that is not JSON");
        }
        if (status / 100 == 2) {
            if (json == null) return indeterminate(op, "bad-response: HTTP " + status + " without a body");
            if (op.f().equals(BankWorkload.TRANSFER)) return op.ok(op.value());
            JsonNode b = json.path("balances");
            if (!b.isObject()) return op.fail("bad-response: read answer without balances: " + body);
            Map<String, Long> balances = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = b.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isIntegralNumber()) return op.fail("bad-response: balance of " + e.getKey() + " is not an integer: " + body);
                balances.put(e.getKey(), e.getValue().asLong());
            }
            return op.ok(balances);
        }
        JsonHttp.ErrorAnswer error = JsonHttp.ErrorAnswer.of(status, json);
        return error.definite() ? op.fail(error.reason()) : indeterminate(op, error.reason());
    }

    private static Op indeterminate(Op op, String reason) {
        return op.f().equals(BankWorkload.READ) ? op.fail(reason) : op.info(reason);
    }
}
