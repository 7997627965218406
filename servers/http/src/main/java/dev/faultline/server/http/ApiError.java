package dev.faultline.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * An error answer of the HTTP API (docs/protocols.md, "Error model"): status, error code, whether
 * the operation certainly did not take effect, a message, and optional extra fields.
 */
public final class ApiError extends RuntimeException {
    private final int status;
    private final String error;
    private final boolean definite;
    private final ObjectNode extra;

    public ApiError(int status, String error, boolean definite, String message) {
        this(status, error, definite, message, null);
    }

    public ApiError(int status, String error, boolean definite, String message, ObjectNode extra) {
        super(message, null, false, false);
        this.status = status;
        this.error = error;
        this.definite = definite;
        this.extra = extra;
    }

    public static ApiError badRequest(String message) {
        return new ApiError(400, "bad-request", true, message);
    }

    public static ApiError unavailable(String message) {
        return new ApiError(503, "unavailable", true, message);
    }

    public static ApiError timeout(String message) {
        return new ApiError(504, "timeout", false, message);
    }

    /** Re-raises an error answer received from another server unchanged. */
    public static ApiError relayed(int status, JsonNode body) {
        ObjectNode extra = body != null && body.isObject() ? ((ObjectNode) body).deepCopy() : JsonNodeFactory.instance.objectNode();
        String error = extra.path("error").asText("internal");
        boolean definite = extra.path("definite").asBoolean(false);
        String message = extra.path("message").asText("status " + status);
        extra.remove(List.of("error", "definite", "message"));
        return new ApiError(status, error, definite, message, extra);
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public boolean definite() {
        return definite;
    }

    /** {@code {"error":..,"definite":..,"message":..}} plus the extra fields. */
    public ObjectNode body() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("error", error);
        o.put("definite", definite);
        o.put("message", getMessage());
        if (extra != null) o.setAll(extra);
        return o;
    }
}
