package dev.faultline.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.HistoryException;
import dev.faultline.checkers.history.Op;
import dev.faultline.checkers.history.OpType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads history.jsonl (the format in docs/architecture.md) for re-rendering a stored run. */
final class HistoryFile {
    private HistoryFile() {}

    static History read(Path file) {
        List<Op> ops = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) continue;
                ops.add(parse(file, lineNo, line));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return History.of(ops);
    }

    static Op parse(Path file, int lineNo, String line) {
        JsonNode n;
        try {
            n = Json.mapper().readTree(line);
        } catch (JsonProcessingException e) {
            throw new HistoryException(file + ":" + lineNo + ": not JSON: " + e.getOriginalMessage());
        }
        String where = file + ":" + lineNo + ": ";
        if (!n.isObject()) throw new HistoryException(where + "expected a JSON object");
        JsonNode p = n.path("process");
        int process;
        if (p.isTextual() && p.asText().equals("nemesis")) process = Op.NEMESIS;
        else if (p.isIntegralNumber()) process = p.asInt();
        else throw new HistoryException(where + "field 'process': expected an integer or \"nemesis\", got " + p);
        OpType type;
        try {
            type = OpType.fromWireName(n.path("type").asText(""));
        } catch (IllegalArgumentException e) {
            throw new HistoryException(where + "field 'type': " + e.getMessage());
        }
        if (!n.path("f").isTextual()) throw new HistoryException(where + "field 'f': expected a string");
        long time = n.path("time").isNumber() ? n.path("time").asLong() : -1;
        long index = n.path("index").isNumber() ? n.path("index").asLong() : -1;
        String key = n.hasNonNull("key") ? n.get("key").asText() : null;
        String error = n.hasNonNull("error") ? (n.get("error").isTextual() ? n.get("error").asText() : n.get("error").toString()) : null;
        return new Op(index, time, process, type, n.get("f").asText(), key, value(n.get("value")), error);
    }

    /** JSON to the value types Op documents: Long, Double, String, Boolean, List, Map. */
    static Object value(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) return null;
        if (n.isIntegralNumber()) return n.asLong();
        if (n.isNumber()) return n.asDouble();
        if (n.isTextual()) return n.asText();
        if (n.isBoolean()) return n.asBoolean();
        if (n.isArray()) {
            List<Object> out = new ArrayList<>(n.size());
            n.forEach(e -> out.add(value(e)));
            return out;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        n.fields().forEachRemaining(e -> out.put(e.getKey(), value(e.getValue())));
        return out;
    }
}
