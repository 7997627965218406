package dev.faultline.targets.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.checkers.history.Op;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.function.Function;

/**
 * How one request to one of our servers becomes an op's completion (docs/protocols.md): a refused
 * connection means nothing was sent; a timeout or a dropped connection leaves the effect unknown;
 * a 2xx answer is ok; an error answer {@code {"error", "definite", "message"}} fails when
 * {@code definite} is true and is unknown otherwise, as is a body that is missing or not JSON.
 */
public final class HttpOutcomes {
    private HttpOutcomes() {
    }

    /** What sending one request gave. */
    public sealed interface Exchange permits Answer, Refused, Lost {
    }

    /** The server answered. */
    public record Answer(int status, String body) implements Exchange {
    }

    /** The connection was refused or could not be made: nothing was sent, the op certainly did not happen. */
    public record Refused(String reason) implements Exchange {
    }

    /** Sent, but no answer (timeout, dropped connection): the op may or may not have happened. */
    public record Lost(String reason) implements Exchange {
    }

    /** How a client records an op whose effect is unknown. */
    @FunctionalInterface
    public interface Indeterminate {
        Op complete(Op op, String reason);

        /** Always {@code info}. */
        static Indeterminate info() {
            return Op::info;
        }

        /** {@code fail} for the read op {@code readF} (a read changes nothing, so dropping it is sound), else {@code info}. */
        static Indeterminate failReads(String readF) {
            return (op, reason) -> op.f().equals(readF) ? op.fail(reason) : op.info(reason);
        }
    }

    public static Exchange send(HttpClient http, HttpRequest request, Duration timeout) throws InterruptedException {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body());
        } catch (HttpConnectTimeoutException | ConnectException e) {
            return new Refused(JsonHttp.describe(e));
        } catch (HttpTimeoutException e) {
            return new Lost("timeout: no answer within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            if (JsonHttp.isRefused(e)) return new Refused(JsonHttp.describe(e));
            return new Lost("io: " + JsonHttp.describe(e));
        }
    }

    /**
     * The completion for an answer: {@code ok} maps a 2xx answer's JSON (an empty or non-JSON body is
     * indeterminate); error answers fail when definite and are indeterminate otherwise.
     */
    public static Op complete(Op op, int status, String body, Indeterminate unknown, Function<JsonNode, Op> ok) {
        JsonNode json;
        try {
            json = body == null || body.isBlank() ? null : JsonHttp.JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return unknown.complete(op, "bad-response: HTTP " + status + " with a body that is not JSON");
        }
        if (status / 100 == 2) {
            if (json == null) return unknown.complete(op, "bad-response: HTTP " + status + " without a body");
            return ok.apply(json);
        }
        JsonHttp.ErrorAnswer error = JsonHttp.ErrorAnswer.of(status, json);
        return error.definite() ? op.fail(error.reason()) : unknown.complete(op, error.reason());
    }
}
