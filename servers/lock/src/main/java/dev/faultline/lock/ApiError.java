package dev.faultline.lock;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An error answer of the HTTP API (see docs/protocols.md, "Error model").
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

    static ApiError timeout(String message) {
        return new ApiError(504, "timeout", false, message);
    }

    /** Re-raises an error answer received from another server (the leader) unchanged. */
    static ApiError relayed(int status, com.fasterxml.jackson.databind.JsonNode body) {
        ObjectNode extra = body != null && body.isObject() ? ((ObjectNode) body).deepCopy() : Json.object();
        String error = extra.path("error").asText("internal");
        boolean definite = extra.path("definite").asBoolean(false);
        String message = extra.path("message").asText("status " + status);
        extra.remove(java.util.List.of("error", "definite", "message"));
        return new ApiError(status, error, definite, message, extra);
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
