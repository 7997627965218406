package dev.faultline.raftkv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.faultline.raft.StateMachine;

/**
 * The replicated map. Commands and results are small JSON objects:
 * {@code {"op":"put|cas|delete|append","key":..,"value":..,"expected":..}} in,
 * {@code {"ok":true,"value":..}} or {@code {"ok":false,"error":"cas-mismatch","current":..}} out;
 * a transaction is {@code {"op":"txn","ops":[[f,k,v],..]}}, answered {@code {"ok":true,"ops":[..]}}
 * with its reads filled in ({@link Txn}), all of it applied as this one entry.
 */
final class KvStateMachine implements StateMachine {
    static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, JsonNode> data = new ConcurrentHashMap<>();

    /** The current value, or JSON null if absent. Safe from any thread. */
    JsonNode get(String key) {
        return data.getOrDefault(key, NullNode.getInstance());
    }

    /** The current value, or Java null if absent. Safe from any thread. */
    JsonNode getOrNull(String key) {
        return data.get(key);
    }

    int size() {
        return data.size();
    }

    static byte[] command(String op, String key, JsonNode expected, JsonNode value) {
        ObjectNode c = JsonNodeFactory.instance.objectNode();
        c.put("op", op);
        c.put("key", key);
        if (expected != null) {
            c.set("expected", expected);
        }
        if (value != null) {
            c.set("value", value);
        }
        return bytes(c);
    }

    static byte[] command(Txn txn) {
        ObjectNode c = JsonNodeFactory.instance.objectNode();
        c.put("op", "txn");
        c.set("ops", txn.toJson());
        return bytes(c);
    }

    @Override
    public byte[] apply(long index, byte[] command) {
        JsonNode c = read(command);
        String op = c.path("op").asText();
        String key = c.path("key").asText();
        JsonNode value = c.path("value");
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        switch (op) {
            case "put" -> {
                data.put(key, value);
                result.put("ok", true).set("value", value);
            }
            case "delete" -> {
                data.remove(key);
                result.put("ok", true).set("value", NullNode.getInstance());
            }
            case "append" -> {
                JsonNode current = data.get(key);
                String now = (current == null ? "" : current.asText()) + value.asText();
                JsonNode v = JsonNodeFactory.instance.textNode(now);
                data.put(key, v);
                result.put("ok", true).set("value", v);
            }
            case "cas" -> {
                JsonNode current = get(key);
                if (sameValue(current, c.path("expected"))) {
                    data.put(key, value);
                    result.put("ok", true).set("value", value);
                } else {
                    result.put("ok", false).put("error", "cas-mismatch").set("current", current);
                }
            }
            case "txn" -> {
                Txn txn = Txn.fromJson(c.path("ops"));
                String conflict = txn.conflict(data::get);
                if (conflict != null) {
                    result.put("ok", false).put("error", "type-mismatch").put("message", conflict);
                } else {
                    result.put("ok", true).set("ops", txn.run(data::get, data::put));
                }
            }
            default -> result.put("ok", false).put("error", "unknown-op");
        }
        return bytes(result);
    }

    /** JSON equality, except that numbers compare by value (3 equals 3.0 and 3L); null matches only null/absent. */
    static boolean sameValue(JsonNode a, JsonNode b) {
        boolean aNull = a == null || a.isNull() || a.isMissingNode();
        boolean bNull = b == null || b.isNull() || b.isMissingNode();
        if (aNull || bNull) {
            return aNull && bNull;
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    @Override
    public byte[] snapshot() {
        ObjectNode all = JsonNodeFactory.instance.objectNode();
        data.forEach(all::set);
        return bytes(all);
    }

    @Override
    public void restore(byte[] snapshot) {
        JsonNode all = read(snapshot);
        data.clear();
        Iterator<Map.Entry<String, JsonNode>> it = all.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            data.put(e.getKey(), e.getValue());
        }
    }

    static JsonNode read(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(JsonNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
