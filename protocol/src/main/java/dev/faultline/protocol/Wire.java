package dev.faultline.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faultline.checkers.history.Op;
import dev.faultline.checkers.history.OpType;
import dev.faultline.checkers.history.Values;
import dev.faultline.harness.control.Node;

import java.util.List;
import java.util.Map;

/** The messages of the client protocol, as single JSON lines (docs/client-protocol.md). */
public final class Wire {
    /** Sent in {@code init}; bumped on an incompatible change. */
    public static final int VERSION = 1;

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Wire() {
    }

    /** What a client process is told before its first op. */
    public record Init(Node node, List<Node> nodes, String workload, Map<String, String> params, int process,
                       long opTimeoutMillis) {
    }

    public static String init(Init init) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("type", "init");
        o.put("protocol", VERSION);
        o.put("node", init.node().name());
        o.put("address", init.node().address());
        ArrayNode nodes = o.putArray("nodes");
        for (Node n : init.nodes()) nodes.addObject().put("name", n.name()).put("address", n.address());
        o.put("workload", init.workload());
        ObjectNode params = o.putObject("params");
        init.params().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> params.put(e.getKey(), e.getValue()));
        o.put("process", init.process());
        o.put("op_timeout_ms", init.opTimeoutMillis());
        return write(o);
    }

    /** {@code {"type":"invoke","id":7,"f":"cas","key":"k3","value":[1,2]}}; key and value are always present (maybe null). */
    public static String invoke(long id, Op op) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("type", "invoke");
        o.put("id", id);
        o.put("f", op.f());
        o.put("key", op.key());
        o.set("value", MAPPER.valueToTree(op.value()));
        return write(o);
    }

    private static String write(ObjectNode o) {
        try {
            return MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + o, e);
        }
    }

    /** A line that breaks the protocol; the message says how. */
    public static final class Violation extends Exception {
        public Violation(String message) {
            super(message);
        }
    }

    /**
     * A reply to an op.
     *
     * @param hasValue whether the reply had a {@code value} field (an ok without one keeps the invocation's value)
     */
    public record Reply(long id, OpType type, Object value, boolean hasValue, String error) {
        /** The completion of {@code invocation}: fail and info keep the invocation's value. */
        public Op complete(Op invocation) {
            return switch (type) {
                case OK -> invocation.ok(hasValue ? value : invocation.value());
                case FAIL -> invocation.complete(OpType.FAIL, invocation.value(), error);
                default -> invocation.complete(OpType.INFO, invocation.value(), error);
            };
        }
    }

    private static ObjectNode object(String line) throws Violation {
        if (line.isEmpty()) throw new Violation("empty line");
        JsonNode n;
        try {
            n = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new Violation("not JSON: " + e.getOriginalMessage());
        }
        if (n == null || !n.isObject()) throw new Violation("not a JSON object");
        return (ObjectNode) n;
    }

    /** Parses a reply to the op with id {@code expectedId}. */
    public static Reply reply(String line, long expectedId) throws Violation {
        ObjectNode o = object(line);
        JsonNode id = o.get("id");
        if (id == null || !id.isIntegralNumber()) throw new Violation("reply has no integer \"id\"");
        if (id.longValue() != expectedId) throw new Violation("reply for id " + id.asText() + ", but the op in flight has id " + expectedId);
        JsonNode type = o.get("type");
        OpType t = type == null || !type.isTextual() ? null : switch (type.textValue()) {
            case "ok" -> OpType.OK;
            case "fail" -> OpType.FAIL;
            case "info" -> OpType.INFO;
            default -> null;
        };
        if (t == null) throw new Violation("\"type\" must be \"ok\", \"fail\" or \"info\", was " + (type == null ? "missing" : type));
        JsonNode error = o.get("error");
        if (error != null && !error.isNull() && !error.isTextual()) throw new Violation("\"error\" must be a string, was " + error);
        Object value;
        try {
            value = Values.fromJson(o.get("value"));
        } catch (IllegalArgumentException e) {
            throw new Violation("\"value\": " + e.getMessage());
        }
        return new Reply(id.longValue(), t, value, o.has("value"), error == null || error.isNull() ? null : error.textValue());
    }

    /** Checks the answer to {@code init}: {@code init_ok}; {@code init_failed} (with an error) is thrown as {@link InitFailed}. */
    public static void initReply(String line) throws Violation, InitFailed {
        ObjectNode o = object(line);
        JsonNode type = o.get("type");
        if (type != null && "init_ok".equals(type.textValue())) return;
        if (type != null && "init_failed".equals(type.textValue())) {
            JsonNode e = o.get("error");
            throw new InitFailed(e == null || e.isNull() ? "no reason given" : e.asText());
        }
        throw new Violation("expected {\"type\":\"init_ok\"} or {\"type\":\"init_failed\",\"error\":...}, got " + abbreviate(line));
    }

    /** The client said it cannot serve (e.g. its node refuses connections). */
    public static final class InitFailed extends Exception {
        public InitFailed(String reason) {
            super(reason);
        }
    }

    static String abbreviate(String line) {
        return line.length() <= 200 ? line : line.substring(0, 200) + "... (" + line.length() + " chars)";
    }
}
