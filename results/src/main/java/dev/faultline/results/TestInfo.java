package dev.faultline.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A lenient view of test.json: the runner decides its exact shape, the report only needs a few
 * fields and accepts the usual spellings for each.
 */
public record TestInfo(JsonNode raw) {

    public static TestInfo of(Map<String, Object> testInfo) {
        return new TestInfo(Json.mapper().valueToTree(testInfo == null ? Map.of() : testInfo));
    }

    public String name() {
        return text("name", "testName", "test");
    }

    public String target() {
        return text("target");
    }

    public String workload() {
        return text("workload");
    }

    /** The nemeses / faults injected, as listed by the runner. */
    public List<String> nemeses() {
        JsonNode n = first("nemeses", "nemesis", "faults");
        List<String> out = new ArrayList<>();
        if (n.isArray()) n.forEach(e -> out.add(e.isTextual() ? e.asText() : e.toString()));
        else if (n.isTextual() && !n.asText().isBlank()) for (String s : n.asText().split(",")) out.add(s.strip());
        return out;
    }

    public String seed() {
        return text("seed");
    }

    public JsonNode options() {
        return first("options", "opts");
    }

    public JsonNode versions() {
        return first("versions", "version");
    }

    public Instant start() {
        return instant(first("start", "startTime", "started", "startedAt"));
    }

    public Instant end() {
        return instant(first("end", "endTime", "ended", "endedAt"));
    }

    public boolean interrupted() {
        return first("interrupted").asBoolean(false);
    }

    /** Wall-clock duration of the run, or null if test.json does not say. */
    public Duration duration() {
        Instant s = start();
        Instant e = end();
        if (s != null && e != null) return Duration.between(s, e);
        JsonNode d = first("durationMs", "durationMillis");
        if (d.isNumber()) return Duration.ofMillis(d.asLong());
        d = first("duration");
        if (d.isNumber()) return Duration.ofMillis((long) (d.asDouble() * 1000));
        if (d.isTextual()) {
            try {
                return Duration.parse(d.asText());
            } catch (DateTimeParseException ignored) {
                return null;
            }
        }
        return null;
    }

    /** Any other top-level field, as text ("" if absent). */
    public String text(String... names) {
        JsonNode n = first(names);
        if (n.isMissingNode() || n.isNull()) return "";
        return n.isValueNode() ? n.asText() : n.toString();
    }

    JsonNode first(String... names) {
        for (String name : names) {
            JsonNode n = raw.path(name);
            if (!n.isMissingNode() && !n.isNull()) return n;
        }
        return MissingNode.getInstance();
    }

    private static Instant instant(JsonNode n) {
        if (n.isNumber()) return Instant.ofEpochMilli(n.asLong());
        if (n.isTextual()) {
            try {
                return Instant.parse(n.asText());
            } catch (DateTimeParseException e) {
                try {
                    return java.time.OffsetDateTime.parse(n.asText()).toInstant();
                } catch (DateTimeParseException e2) {
                    return null;
                }
            }
        }
        return null;
    }
}
