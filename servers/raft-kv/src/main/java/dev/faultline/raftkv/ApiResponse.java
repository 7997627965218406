package dev.faultline.raftkv;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** An HTTP status and JSON body; errors follow the error model of docs/protocols.md. */
record ApiResponse(int status, byte[] body) {

    static ApiResponse ok(JsonNode body) {
        return new ApiResponse(200, KvStateMachine.bytes(body));
    }

    static ApiResponse keyValue(String key, JsonNode value) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("key", key);
        o.set("value", value);
        return ok(o);
    }

    static ObjectNode errorBody(String error, boolean definite, String message) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("error", error);
        o.put("definite", definite);
        o.put("message", message);
        return o;
    }

    static ApiResponse error(int status, String error, boolean definite, String message) {
        return new ApiResponse(status, KvStateMachine.bytes(errorBody(error, definite, message)));
    }

    static ApiResponse error(int status, ObjectNode body) {
        return new ApiResponse(status, KvStateMachine.bytes(body));
    }

    static ApiResponse badRequest(String message) {
        return error(400, "bad-request", true, message);
    }

    static ApiResponse notLeader(String self, String leader) {
        ObjectNode o = errorBody("not-leader", true,
                self + " is not the leader" + (leader == null ? " and knows no leader" : ""));
        if (leader == null) {
            o.putNull("leader");
        } else {
            o.put("leader", leader);
        }
        return error(503, o);
    }

    static ApiResponse timeout(String message) {
        return error(504, "timeout", false, message);
    }
}
