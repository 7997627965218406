package dev.faultline.targets.etcd;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.checkers.history.Op;
import dev.faultline.harness.spi.Client;
import dev.faultline.harness.spi.TestContext;
import dev.faultline.targets.http.JsonHttp;
import dev.faultline.workloads.register.RegisterWorkload;
import dev.faultline.workloads.txn.TxnWorkload;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A register client for one etcd member over the v3 JSON gateway: read = {@code /v3/kv/range}
 * (linearizable unless {@code etcd.serializable}), write = {@code /v3/kv/put}, cas =
 * {@code /v3/kv/txn} comparing the value with the expected one, then put. Values are stored as
 * decimal strings and read back as Long. An rw-register transaction is one {@code /v3/kv/txn}
 * without compares whose success branch holds a {@code request_range} per read and a
 * {@code request_put} per write, in order: etcd applies it atomically at one revision.
 *
 * <p>Outcomes: 2xx is ok (a txn that did not succeed is fail); a refused connection (nothing was
 * sent) and gRPC errors that etcd raises before proposing anything are fail; timeouts, dropped
 * connections and every other error are info. A read that did not answer is recorded as fail:
 * reads change nothing, so dropping one from the history is sound.
 */
final class EtcdClient implements Client {
    /**
     * gRPC codes after which the request certainly did not take effect: InvalidArgument,
     * PermissionDenied, ResourceExhausted ("too many requests", refused before proposing),
     * Unimplemented, Unauthenticated. Unavailable, DeadlineExceeded and Unknown ("request timed
     * out", "leader changed") may come after a proposal was made: those are indeterminate.
     */
    static final Set<Integer> DEFINITE_GRPC_CODES = Set.of(3, 7, 8, 12, 16);

    /** One member's client URL. */
    record Endpoint(String address, int port) {
    }

    private final HttpClient http;
    private final List<Endpoint> endpoints;
    private final Duration timeout;
    private final boolean serializable;

    /** {@code endpoints}: the client's own member first, then the others to try when a connection is refused. */
    EtcdClient(HttpClient http, List<Endpoint> endpoints, Duration timeout, boolean serializable) {
        if (endpoints.isEmpty()) throw new IllegalArgumentException("no etcd endpoints");
        this.http = http;
        this.endpoints = List.copyOf(endpoints);
        this.timeout = timeout;
        this.serializable = serializable;
    }

    @Override
    public Op invoke(TestContext ctx, Op op) throws Exception {
        String key = op.key() == null ? null : EtcdHttp.b64(op.key());
        String path;
        Map<String, Object> body = new LinkedHashMap<>();
        switch (op.f()) {
            case RegisterWorkload.READ -> {
                path = "/v3/kv/range";
                body.put("key", key);
                if (serializable) body.put("serializable", true);
            }
            case RegisterWorkload.WRITE -> {
                path = "/v3/kv/put";
                body.put("key", key);
                body.put("value", EtcdHttp.b64(String.valueOf(op.value())));
            }
            case RegisterWorkload.CAS -> {
                if (!(op.value() instanceof List<?> v) || v.size() != 2) return op.fail("bad-request: cas needs [expected, new]");
                path = "/v3/kv/txn";
                body.put("compare", List.of(Map.of("key", key, "target", "VALUE", "result", "EQUAL",
                        "value", EtcdHttp.b64(String.valueOf(v.get(0))))));
                body.put("success", List.of(Map.of("request_put", Map.of("key", key, "value", EtcdHttp.b64(String.valueOf(v.get(1)))))));
            }
            case TxnWorkload.TXN -> {
                if (!(op.value() instanceof List<?> ops)) return op.fail("bad-request: txn needs a list of micro-ops");
                path = "/v3/kv/txn";
                List<Map<String, Object>> success = new ArrayList<>();
                for (Object m : ops) {
                    if (!(m instanceof List<?> micro) || micro.size() != 3) return op.fail("bad-request: bad micro-op " + m);
                    String k = EtcdHttp.b64(String.valueOf(micro.get(1)));
                    switch (String.valueOf(micro.get(0))) {
                        case TxnWorkload.READ -> success.add(Map.of("request_range", Map.of("key", k)));
                        case TxnWorkload.WRITE -> success.add(Map.of("request_put",
                                Map.of("key", k, "value", EtcdHttp.b64(String.valueOf(micro.get(2))))));
                        default -> {
                            return op.fail("bad-request: etcd transactions are rw-register: no micro-op '" + micro.get(0) + "'");
                        }
                    }
                }
                // no compare: the success branch always runs, atomically, as one revision
                body.put("success", success);
            }
            default -> {
                return op.fail("bad-request: etcd client has no op '" + op.f() + "'");
            }
        }
        // A refused connection sent nothing: the op goes to the next member, so a killed member does not
        // turn its clients into a tight loop of failures.
        String refused = null;
        for (Endpoint e : endpoints) {
            HttpResponse<String> response;
            try {
                response = http.send(EtcdHttp.post(e.address(), e.port(), path, body, timeout), HttpResponse.BodyHandlers.ofString());
            } catch (HttpConnectTimeoutException ex) {
                return op.fail("connect: " + e.address() + ": " + JsonHttp.describe(ex));
            } catch (HttpTimeoutException ex) {
                return indeterminate(op, "timeout: no answer from " + e.address() + " within " + timeout.toMillis() + " ms");
            } catch (IOException ex) {
                if (!JsonHttp.isRefused(ex)) return indeterminate(op, "io: " + e.address() + ": " + JsonHttp.describe(ex));
                refused = (refused == null ? "" : refused + ", ") + e.address();
                continue;
            }
            return complete(op, response.statusCode(), response.body());
        }
        return op.fail("connect: connection refused by every member (" + refused + ")");
    }

    /** Turns the gateway's answer into the op's completion. */
    static Op complete(Op op, int status, String body) {
        JsonNode json;
        try {
            json = body == null || body.isBlank() ? null : EtcdHttp.JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return indeterminate(op, "bad-response: HTTP " + status + " with a body that is not JSON");
        }
        if (status / 100 == 2) {
            if (json == null) return indeterminate(op, "bad-response: HTTP " + status + " without a body");
            return switch (op.f()) {
                case RegisterWorkload.READ -> read(op, json);
                // proto3 JSON leaves out false: a txn whose compare failed has no "succeeded" field
                case RegisterWorkload.CAS -> json.path("succeeded").asBoolean(false) ? op.ok(op.value()) : op.fail("cas-mismatch");
                case TxnWorkload.TXN -> txn(op, json);
                default -> op.ok(op.value());
            };
        }
        String error = json == null ? "" : json.path("error").asText(json.path("message").asText(""));
        int code = json == null ? -1 : json.path("code").asInt(-1);
        String reason = "http-" + status + (code >= 0 ? " grpc-" + code : "") + (error.isEmpty() ? "" : ": " + error);
        boolean definite = DEFINITE_GRPC_CODES.contains(code) || (code < 0 && status / 100 == 4 && status != 408);
        return definite ? op.fail(reason) : indeterminate(op, reason);
    }

    private static Op read(Op op, JsonNode json) {
        JsonNode kvs = json.path("kvs");
        if (!kvs.isArray() || kvs.isEmpty()) return op.ok(null);
        String text = EtcdHttp.unb64(kvs.get(0).path("value").asText(""));
        try {
            return op.ok(Long.parseLong(text));
        } catch (NumberFormatException e) {
            return op.ok(text); // not written by this workload; the checker will say so
        }
    }

    /** The txn's responses, in micro-op order: a range gives the read's value (absent: null), a put echoes the write. */
    private static Op txn(Op op, JsonNode json) {
        List<?> ops = (List<?>) op.value();
        JsonNode responses = json.path("responses");
        if (!responses.isArray() || responses.size() != ops.size()) {
            return indeterminate(op, "bad-response: txn answer has " + responses.size() + " responses for " + ops.size() + " micro-ops");
        }
        List<Object> out = new ArrayList<>(ops.size());
        for (int i = 0; i < ops.size(); i++) {
            List<?> micro = (List<?>) ops.get(i);
            if (!TxnWorkload.READ.equals(micro.get(0))) {
                out.add(micro);
                continue;
            }
            JsonNode kvs = responses.get(i).path("response_range").path("kvs");
            Object value = null;
            if (kvs.isArray() && !kvs.isEmpty()) {
                String text = EtcdHttp.unb64(kvs.get(0).path("value").asText(""));
                try {
                    value = Long.parseLong(text);
                } catch (NumberFormatException e) {
                    value = text;
                }
            }
            out.add(Arrays.asList(micro.get(0), micro.get(1), value));
        }
        return op.ok(out);
    }

    private static Op indeterminate(Op op, String reason) {
        boolean readOnly = op.f().equals(TxnWorkload.TXN) && op.value() instanceof List<?> ops
                && ops.stream().allMatch(m -> m instanceof List<?> l && TxnWorkload.READ.equals(l.get(0)));
        return op.f().equals(RegisterWorkload.READ) || readOnly ? op.fail(reason) : op.info(reason);
    }
}
