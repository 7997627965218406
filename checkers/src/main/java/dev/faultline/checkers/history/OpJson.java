package dev.faultline.checkers.history;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.Set;

/** The JSON shape of one op (one line of {@code history.jsonl}). */
final class OpJson {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("index", "time", "process", "type", "f", "key", "value", "error");

    private OpJson() {}

    static void write(JsonGenerator g, Op op, long index) throws IOException {
        g.writeStartObject();
        g.writeNumberField("index", index);
        g.writeNumberField("time", op.time());
        if (op.isNemesis()) g.writeStringField("process", "nemesis");
        else g.writeNumberField("process", op.process());
        g.writeStringField("type", op.type().wireName());
        g.writeStringField("f", op.f());
        if (op.key() != null) g.writeStringField("key", op.key());
        g.writeFieldName("value");
        MAPPER.writeValue(g, op.value());
        if (op.error() != null) g.writeStringField("error", op.error());
        g.writeEndObject();
    }

    /**
     * Decodes one op object.
     *
     * @throws IllegalArgumentException naming the field at fault
     */
    static Op read(JsonNode node) {
        if (!(node instanceof ObjectNode obj)) throw new IllegalArgumentException("expected a JSON object, found " + node.getNodeType());
        for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!FIELDS.contains(name)) throw new IllegalArgumentException("field '" + name + "': unknown field (expected one of " + FIELDS + ")");
        }
        long index = optionalLong(obj, "index", -1);
        long time = optionalLong(obj, "time", -1);
        int process = process(obj.get("process"));
        OpType type;
        String typeName = requiredText(obj, "type");
        try {
            type = OpType.fromWireName(typeName);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field 'type': " + e.getMessage());
        }
        String f = requiredText(obj, "f");
        String key = optionalText(obj, "key");
        Object value;
        try {
            value = Values.fromJson(obj.get("value"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field 'value': " + e.getMessage());
        }
        String error = optionalText(obj, "error");
        return new Op(index, time, process, type, f, key, value, error);
    }

    private static int process(JsonNode n) {
        if (n == null || n.isNull()) throw new IllegalArgumentException("field 'process': missing (expected an integer or \"nemesis\")");
        if (n.isTextual() && n.textValue().equals("nemesis")) return Op.NEMESIS;
        if (n.isIntegralNumber() && n.canConvertToInt() && n.intValue() >= 0) return n.intValue();
        throw new IllegalArgumentException("field 'process': expected a non-negative integer or \"nemesis\", found " + n);
    }

    private static long optionalLong(ObjectNode obj, String field, long dflt) {
        JsonNode n = obj.get(field);
        if (n == null || n.isNull()) return dflt;
        if (n.isIntegralNumber() && n.canConvertToLong()) return n.longValue();
        throw new IllegalArgumentException("field '" + field + "': expected an integer, found " + n);
    }

    private static String requiredText(ObjectNode obj, String field) {
        String s = optionalText(obj, field);
        if (s == null) throw new IllegalArgumentException("field '" + field + "': missing");
        return s;
    }

    private static String optionalText(ObjectNode obj, String field) {
        JsonNode n = obj.get(field);
        if (n == null || n.isNull()) return null;
        if (n.isTextual()) return n.textValue();
        throw new IllegalArgumentException("field '" + field + "': expected a string, found " + n);
    }
}
