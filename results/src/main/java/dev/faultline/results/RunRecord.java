package dev.faultline.results;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * test.json: what ran, how, and how it ended. The runner writes it when a run starts (status
 * {@code running}) and again when it ends; {@code faultline check --report} writes one with status
 * {@code checked} for a history checked from a file. The report, junit.xml and the store index read
 * it. Every field but {@code name} and {@code status} may be null (absent): a checked file has no
 * cluster, and records written by older versions lack newer fields. Unknown fields are ignored.
 *
 * @param source          the history file a {@code checked} record was read from; null for runs
 * @param target          the target, or for a checked file the file's name
 * @param workload        the workload, or for a checked file the model it was checked against
 * @param nodes           the names of the provisioned nodes (null until provisioning finished)
 * @param timeLimit       main-phase length (written as {@code timeLimitSeconds})
 * @param nemesisInterval pause between faults (written as {@code nemesisIntervalSeconds})
 * @param unsafe          the target's planted bugs that were switched on
 * @param provisioner     docker, ssh or local
 * @param phaseSeconds    wall-clock seconds of each finished phase (setup, main, heal, final, check)
 * @param versions        faultline, java, os, ...
 * @param faults          the fault kinds the run's nemeses declared: the report draws fault windows
 *                        from them; null (an older record, or none) makes the report guess from op names
 * @param targetFile      the target file ({@code --target-file}, absolute) the target was read from; null for a
 *                        built-in target or an older record. {@code --replay} reads the target from it again
 * @param checks          the run-level checks the run was made with; null in records older than them
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunRecord(
        String name,
        Status status,
        String error,
        String source,
        String target,
        String workload,
        List<String> nemeses,
        List<String> nodes,
        Integer nodeCount,
        Integer concurrency,
        @JsonProperty("timeLimitSeconds") @JsonSerialize(using = Seconds.Writer.class) @JsonDeserialize(using = Seconds.Reader.class)
        Duration timeLimit,
        @JsonProperty("nemesisIntervalSeconds") @JsonSerialize(using = Seconds.Writer.class) @JsonDeserialize(using = Seconds.Reader.class)
        Duration nemesisInterval,
        Long seed,
        List<String> unsafe,
        Map<String, String> params,
        String provisioner,
        @JsonProperty("clientTimeoutSeconds") @JsonSerialize(using = Seconds.Writer.class) @JsonDeserialize(using = Seconds.Reader.class)
        Duration clientTimeout,
        @JsonProperty("nemesisTimeoutSeconds") @JsonSerialize(using = Seconds.Writer.class) @JsonDeserialize(using = Seconds.Reader.class)
        Duration nemesisTimeout,
        @JsonAlias({"start", "started"}) Instant startTime,
        @JsonAlias({"end", "ended"}) Instant endTime,
        Map<String, Double> phaseSeconds,
        Map<String, String> versions,
        OpCounts ops,
        List<FaultKind> faults,
        String targetFile,
        Checks checks) {

    /** How far a run got. {@code checked}: not a run but a history checked from a file. */
    public enum Status {
        RUNNING, COMPLETED, CRASHED, INTERRUPTED, CHECKED;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Status of(String wire) {
            for (Status s : values()) if (s.wireName().equalsIgnoreCase(wire)) return s;
            throw new IllegalArgumentException("unknown status '" + wire + "' (expected running, completed, crashed, interrupted or checked)");
        }
    }

    /** Ops recorded so far: invocations and their completions by type. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record OpCounts(long invocations, long ok, long fail, long info) {}

    /**
     * The run-level checks of a run, so that {@code --replay} makes the same ones.
     *
     * @param logPatterns     the user's {@code --log-pattern}s (the target's own are not listed)
     * @param logVerdict      what a match made the run: {@code invalid} or {@code unknown} ({@code --log-verdict})
     * @param minAvailability {@code --min-availability}, or null for none
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Checks(List<String> logPatterns, String logVerdict, Double minAvailability) {
        public Checks {
            logPatterns = logPatterns == null ? List.of() : List.copyOf(logPatterns);
        }
    }

    public RunRecord {
        nemeses = nemeses == null ? List.of() : List.copyOf(nemeses);
    }

    /** A record that says nothing but the name: for reports of runs without a test.json. */
    public static RunRecord named(String name) {
        return new RunRecord(name, null, null, null, null, null, List.of(), null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** A record of only what the store index lists: name, status, target, workload and nemeses. */
    public static RunRecord of(String name, Status status, String target, String workload, List<String> nemeses) {
        return new RunRecord(name, status, null, null, target, workload, nemeses, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** The record of a history checked from {@code file} against {@code model} (no cluster, no faults declared). */
    public static RunRecord checked(String name, Path file, String model, Instant start, Instant end) {
        return new RunRecord(name, Status.CHECKED, null, file.toString(), file.getFileName().toString(), model, List.of(),
                null, null, null, null, null, null, null, null, null, null, null, start, end, null, null, null, null, null, null);
    }

    /** Wall-clock duration from start to end, or null if either is unknown. */
    public Duration duration() {
        return startTime != null && endTime != null ? Duration.between(startTime, endTime) : null;
    }

    /** Writes the record to {@code file} atomically. */
    public void write(Path file) {
        AtomicFiles.writeJson(file, this);
    }

    /**
     * Reads test.json, also as older versions wrote it (e.g. {@code "interrupted": true} without a status).
     *
     * @throws IllegalArgumentException naming the file and the field that cannot be read
     */
    public static RunRecord read(Path file) {
        JsonNode tree;
        try {
            tree = Json.mapper().readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read the run record: " + e.getMessage(), e);
        }
        if (!(tree instanceof ObjectNode o)) throw new IllegalArgumentException(file + ": expected a JSON object, got " + (tree == null ? "nothing" : tree.getNodeType()));
        if (!o.hasNonNull("status") && o.path("interrupted").asBoolean(false)) o.put("status", Status.INTERRUPTED.wireName());
        try {
            return Json.mapper().treeToValue(o, RunRecord.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": " + e.getOriginalMessage() + where(e), e);
        }
    }

    private static String where(com.fasterxml.jackson.core.JsonProcessingException e) {
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException m && !m.getPath().isEmpty()) {
            return " (field " + m.getPathReference().replaceFirst("^[^\\[]*\\[", "[") + ")";
        }
        return "";
    }

    /** Durations as decimal seconds ({@code 20.1}), as test.json has always held them. */
    static final class Seconds {
        private Seconds() {}

        static final class Writer extends JsonSerializer<Duration> {
            @Override
            public void serialize(Duration d, JsonGenerator g, SerializerProvider p) throws IOException {
                g.writeNumber(BigDecimal.valueOf(d.toNanos(), 9).stripTrailingZeros().toPlainString());
            }
        }

        static final class Reader extends JsonDeserializer<Duration> {
            @Override
            public Duration deserialize(JsonParser p, DeserializationContext c) throws IOException {
                if (!p.currentToken().isNumeric()) return (Duration) c.handleUnexpectedToken(Duration.class, p);
                return Duration.ofNanos(p.getDecimalValue().movePointRight(9).longValue());
            }
        }
    }
}
