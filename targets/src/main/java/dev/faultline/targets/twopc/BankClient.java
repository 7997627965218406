package dev.faultline.targets.twopc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.checkers.history.Op;
import dev.faultline.harness.spi.Client;
import dev.faultline.harness.spi.TestContext;
import dev.faultline.targets.http.HttpOutcomes;
import dev.faultline.targets.http.JsonHttp;
import dev.faultline.workloads.bank.BankWorkload;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
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
    private static final HttpOutcomes.Indeterminate INDETERMINATE = HttpOutcomes.Indeterminate.failReads(BankWorkload.READ);

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
        HttpOutcomes.Exchange sent = HttpOutcomes.send(http, req.build(), timeout);
        if (sent instanceof HttpOutcomes.Refused r) return op.fail("connect: " + r.reason());
        if (sent instanceof HttpOutcomes.Lost l) return INDETERMINATE.complete(op, l.reason());
        HttpOutcomes.Answer a = (HttpOutcomes.Answer) sent;
        return complete(op, a.status(), a.body());
    }

    static Op complete(Op op, int status, String body) {
        return HttpOutcomes.complete(op, status, body, INDETERMINATE,
                json -> op.f().equals(BankWorkload.TRANSFER) ? op.ok(op.value()) : balances(op, json, body));
    }

    private static Op balances(Op op, JsonNode json, String body) {
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
}
