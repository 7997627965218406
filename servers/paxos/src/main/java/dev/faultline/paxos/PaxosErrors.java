package dev.faultline.paxos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faultline.server.http.ApiError;

/** The error answers of a Paxos round (docs/protocols.md, "Error model"). */
final class PaxosErrors {
    private PaxosErrors() {
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
}
