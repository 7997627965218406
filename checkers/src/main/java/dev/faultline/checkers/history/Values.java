package dev.faultline.checkers.history;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Normalises op values to the JSON-shaped types documented on {@link Op}. */
public final class Values {
    private Values() {}

    /** Converts a Jackson tree to null, Long, Double, String, Boolean, List or Map (String keys). */
    public static Object fromJson(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) return null;
        if (node.isIntegralNumber()) {
            if (!node.canConvertToLong()) throw new IllegalArgumentException("integer " + node.asText() + " does not fit in 64 bits");
            return node.longValue();
        }
        if (node.isNumber()) return node.doubleValue();
        if (node.isTextual()) return node.textValue();
        if (node.isBoolean()) return node.booleanValue();
        if (node.isArray()) {
            List<Object> out = new ArrayList<>(node.size());
            for (JsonNode e : node) out.add(fromJson(e));
            return Collections.unmodifiableList(out);
        }
        if (node.isObject()) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.put(e.getKey(), fromJson(e.getValue()));
            }
            return Collections.unmodifiableMap(out);
        }
        throw new IllegalArgumentException("unsupported JSON value " + node.getNodeType());
    }

    /**
     * Normalises any Java value built by a client or an importer: integral numbers to Long, other
     * numbers to Double, collections to unmodifiable Lists, maps to unmodifiable Maps with String
     * keys (keys are converted with toString). Strings, Booleans and null pass through.
     */
    public static Object normalize(Object v) {
        if (v == null || v instanceof Long || v instanceof String || v instanceof Boolean || v instanceof Double) return v;
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) return ((Number) v).longValue();
        if (v instanceof BigInteger b) {
            if (b.bitLength() > 63) throw new IllegalArgumentException("integer " + b + " does not fit in 64 bits");
            return b.longValue();
        }
        if (v instanceof BigDecimal || v instanceof Float) return ((Number) v).doubleValue();
        if (v instanceof Character c) return c.toString();
        if (v instanceof Iterable<?> it) {
            List<Object> out = new ArrayList<>();
            for (Object e : it) out.add(normalize(e));
            return Collections.unmodifiableList(out);
        }
        if (v instanceof Object[] arr) {
            List<Object> out = new ArrayList<>(arr.length);
            for (Object e : arr) out.add(normalize(e));
            return Collections.unmodifiableList(out);
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) out.put(String.valueOf(e.getKey()), normalize(e.getValue()));
            return Collections.unmodifiableMap(out);
        }
        if (v instanceof Enum<?> e) return e.name();
        throw new IllegalArgumentException("unsupported value type " + v.getClass().getName() + ": " + v);
    }
}
