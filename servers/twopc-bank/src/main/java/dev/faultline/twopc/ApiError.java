package dev.faultline.twopc;

/**
 * An error answer of the HTTP API (docs/protocols.md): status, error code, and whether the
 * operation certainly did not take effect.
 */
public final class ApiError extends RuntimeException {
    private final int status;
    private final String error;
    private final boolean definite;

    public ApiError(int status, String error, boolean definite, String message) {
        super(message);
        this.status = status;
        this.error = error;
        this.definite = definite;
    }

    public static ApiError badRequest(String message) {
        return new ApiError(400, "bad-request", true, message);
    }

    public static ApiError unavailable(String message) {
        return new ApiError(503, "unavailable", true, message);
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
}
