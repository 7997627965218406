package dev.faultline.targets.paxos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.targets.http.JsonHttp;

/** The paxos server's JSON values (the same shapes as raft-kv's, docs/paxos.md); the HTTP plumbing is {@link JsonHttp}. */
final class JsonValues {
    private JsonValues() {
    }

    /** JSON value to the history's value types: null, Long, Double, String, Boolean. */
    static Object value(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) return null;
        if (n.isIntegralNumber()) return n.asLong();
        if (n.isNumber()) return n.asDouble();
        if (n.isBoolean()) return n.asBoolean();
        if (n.isTextual()) return n.asText();
        return JsonHttp.JSON.convertValue(n, Object.class);
    }
}
