package dev.faultline.raftkv;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * A transaction: micro-ops {@code ["r", k, null]}, {@code ["w", k, v]} (put) and
 * {@code ["append", k, v]} (add v to the end of the list at k), applied in order as one unit
 * (docs/raft-kv.md). Keys are strings or numbers (a number is the key of its decimal text).
 */
record Txn(List<MicroOp> ops) {
    static final int MAX_OPS = 64;

    /** One micro-op; {@code value} is null for reads. */
    record MicroOp(String f, String key, JsonNode keyJson, JsonNode value) {
        boolean isRead() {
            return f.equals("r");
        }
    }

    Txn {
        ops = List.copyOf(ops);
    }

    boolean hasReads() {
        return ops.stream().anyMatch(MicroOp::isRead);
    }

    Txn writesOnly() {
        return new Txn(ops.stream().filter(m -> !m.isRead()).toList());
    }

    /** Parses {@code [[f, k, v], ...]}; throws IllegalArgumentException naming the bad micro-op. */
    static Txn parse(JsonNode ops, int maxValueBytes) {
        if (ops == null || !ops.isArray() || ops.isEmpty()) {
            throw new IllegalArgumentException("txn: field \"ops\" must be a non-empty array of [f, key, value]");
        }
        if (ops.size() > MAX_OPS) {
            throw new IllegalArgumentException("txn: at most " + MAX_OPS + " micro-ops, got " + ops.size());
        }
        List<MicroOp> out = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            JsonNode m = ops.get(i);
            String where = "txn: micro-op " + i + " " + m;
            if (!m.isArray() || m.size() != 3) {
                throw new IllegalArgumentException(where + " must be [f, key, value]");
            }
            String f = m.get(0).asText();
            if (f.equals("read")) f = "r";
            if (f.equals("write")) f = "w";
            if (!f.equals("r") && !f.equals("w") && !f.equals("append")) {
                throw new IllegalArgumentException(where + ": unknown f '" + m.get(0).asText() + "' (r, w, append)");
            }
            JsonNode k = m.get(1);
            if (!(k.isTextual() || k.isIntegralNumber()) || k.asText().isEmpty()) {
                throw new IllegalArgumentException(where + ": key must be a non-empty string or an integer");
            }
            JsonNode v = m.get(2);
            if (!f.equals("r")) {
                if (!(v.isNumber() || v.isTextual() || v.isBoolean())) {
                    throw new IllegalArgumentException(where + ": value must be a number, string or boolean");
                }
                if (v.isTextual() && v.textValue().length() > maxValueBytes) {
                    throw new IllegalArgumentException(where + ": value is over " + maxValueBytes + " bytes");
                }
            }
            out.add(new MicroOp(f, k.asText(), k, f.equals("r") ? null : v));
        }
        return new Txn(out);
    }

    JsonNode toJson() {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (MicroOp m : ops) {
            a.addArray().add(m.f()).add(m.keyJson()).add(m.value() == null ? NullNode.getInstance() : m.value());
        }
        return a;
    }

    static Txn fromJson(JsonNode ops) {
        return parse(ops, Integer.MAX_VALUE);
    }

    /** Why the transaction cannot apply to {@code state} (an append to a key that holds no list), or null. */
    String conflict(Function<String, JsonNode> state) {
        Map<String, JsonNode> own = new HashMap<>();
        for (MicroOp m : ops) {
            JsonNode current = own.containsKey(m.key()) ? own.get(m.key()) : state.apply(m.key());
            if (m.f().equals("append") && current != null && !current.isNull() && !current.isArray()) {
                return "append to key " + m.key() + ", which holds " + current + ", not a list";
            }
            if (!m.isRead()) own.put(m.key(), m.f().equals("append") ? JsonNodeFactory.instance.arrayNode() : m.value());
        }
        return null;
    }

    /**
     * Runs the micro-ops against {@code state} (reads from it, writes through {@code put}) and returns
     * them with the reads' values filled in. Reads see the transaction's own earlier writes.
     */
    ArrayNode run(Function<String, JsonNode> state, java.util.function.BiConsumer<String, JsonNode> put) {
        ArrayNode results = JsonNodeFactory.instance.arrayNode();
        for (MicroOp m : ops) {
            JsonNode current = state.apply(m.key());
            JsonNode value = switch (m.f()) {
                case "r" -> current == null ? NullNode.getInstance() : current.deepCopy();
                case "w" -> {
                    put.accept(m.key(), m.value());
                    yield m.value();
                }
                default -> {
                    ArrayNode list = JsonNodeFactory.instance.arrayNode();
                    if (current != null && current.isArray()) list.addAll((ArrayNode) current);
                    list.add(m.value());
                    put.accept(m.key(), list);
                    yield m.value();
                }
            };
            results.addArray().add(m.f()).add(m.keyJson()).add(value);
        }
        return results;
    }

    /** Runs against a private overlay of {@code state}: writes stay in the overlay. */
    ArrayNode runDetached(Function<String, JsonNode> state) {
        Map<String, JsonNode> overlay = new HashMap<>();
        return run(k -> overlay.containsKey(k) ? overlay.get(k) : state.apply(k), overlay::put);
    }
}
