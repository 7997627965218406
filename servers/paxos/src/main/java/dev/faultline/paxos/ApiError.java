package dev.faultline.paxos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An error answer of the HTTP API (docs/protocols.md, "Error model").
 *
 * @param definite true if the operation certainly did not take effect
 */
final class ApiError extends RuntimeException {
    private final int status;
    private final String error;
    private final boolean definite;
    private final ObjectNode extra;

    ApiError(int status, String error, boolean definite, String message) {
        this(status, error, definite, message, null);
    }

    ApiError(int status, String error, boolean definite, String message, ObjectNode extra) {
        super(message, null, false, false);
        this.status = status;
        this.error = error;
        this.definite = definite;
        this.extra = extra;
    }

    static ApiError badRequest(String message) {
        return new ApiError(400, "bad-request", true, message);
    }

    /** No quorum answered: nothing was accepted anywhere. */
    static ApiError unavailable(String message) {
        return new ApiError(503, "unavailable", true, message);
    }

    /** The value may have been accepted by some acceptors: it may or may not become the register's value. */
    static ApiError indeterminate(String message) {
        return new ApiError(504, "indeterminate", false, message);
    }

    static ApiError casMismatch(String key, JsonNode current) {
        ObjectNode extra = Json.object();
        extra.set("current", current);
        return new ApiError(409, "cas-mismatch", true, "value of " + key + " is not the expected one", extra);
    }

    int status() {
        return status;
    }

    String error() {
        return error;
    }

    boolean definite() {
        return definite;
    }

    ObjectNode body() {
        ObjectNode o = Json.object();
        o.put("error", error);
        o.put("definite", definite);
        o.put("message", getMessage());
        if (extra != null) o.setAll(extra);
        return o;
    }
}
