package dev.faultline.harness.provision;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.faultline.harness.control.ssh.SshEndpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The real hosts of an SSH run, read from YAML (or JSON, by extension):
 *
 * <pre>
 * defaults:                 # optional; any node field except name and host
 *   user: root
 *   key: ~/.ssh/id_ed25519
 *   knownHosts: ~/.ssh/known_hosts
 * nodes:
 *   - name: n1
 *     host: 10.0.0.11
 *     port: 22              # default 22
 *   - {name: n2, host: 10.0.0.12}
 * </pre>
 *
 * Relative paths are relative to the file's directory and {@code ~} is the home directory. Errors
 * name the file, the line and the field.
 */
public final class NodesFile {
    /** One host. */
    public record Entry(String name, SshEndpoint endpoint) {
    }

    private static final Set<String> NODE_FIELDS = Set.of("name", "host", "port", "user", "key", "knownHosts", "acceptUnknownHosts");

    private final Path file;
    private final Map<String, Integer> lines = new HashMap<>();

    private NodesFile(Path file) {
        this.file = file;
    }

    public static List<Entry> read(Path file) {
        return new NodesFile(file).parse();
    }

    private List<Entry> parse() {
        if (!Files.isRegularFile(file)) throw new NodesFileException(file + ": no such file");
        JsonFactory factory = file.toString().endsWith(".json") ? new JsonFactory() : new YAMLFactory();
        JsonNode root;
        try {
            root = new ObjectMapper(factory).readTree(locate(factory));
        } catch (JsonProcessingException e) {
            throw new NodesFileException(file + " line " + e.getLocation().getLineNr() + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new NodesFileException(file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) throw error("", "the file must be a mapping with a 'nodes' list");
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("nodes") && !f.equals("defaults")) throw error("/" + f, "unknown field (expected 'nodes' or 'defaults')");
        }
        JsonNode defaults = root.path("defaults");
        if (!defaults.isMissingNode() && !defaults.isObject()) throw error("/defaults", "must be a mapping");
        checkFields(defaults, "/defaults", true);
        JsonNode nodes = root.get("nodes");
        if (nodes == null || !nodes.isArray() || nodes.isEmpty()) throw error("/nodes", "field 'nodes' must be a non-empty list");
        List<Entry> entries = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < nodes.size(); i++) {
            String at = "/nodes/" + i;
            JsonNode n = nodes.get(i);
            if (!n.isObject()) throw error(at, "each node must be a mapping");
            checkFields(n, at, false);
            String name = text(n, defaults, at, "name", null);
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) throw error(at + "/name", "field 'name': not a valid node name: " + name);
            if (!names.add(name)) throw error(at + "/name", "field 'name': duplicate node name " + name);
            String host = text(n, defaults, at, "host", null);
            int port = port(n, defaults, at);
            String user = text(n, defaults, at, "user", "root");
            Path key = path(text(n, defaults, at, "key", null));
            if (!Files.isReadable(key)) throw error(where(n, at, "key"), "field 'key': cannot read private key " + key);
            Path known = path(text(n, defaults, at, "knownHosts", SshEndpoint.DEFAULT_KNOWN_HOSTS.toString()));
            boolean accept = bool(n, defaults, at, "acceptUnknownHosts");
            entries.add(new Entry(name, new SshEndpoint(host, port, user, key, known, accept, Duration.ofSeconds(10))));
        }
        return entries;
    }

    /** Reads the file once with the streaming parser to learn the line of every field. */
    private JsonParser locate(JsonFactory factory) throws IOException {
        try (JsonParser p = factory.createParser(file.toFile())) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t != JsonToken.END_OBJECT && t != JsonToken.END_ARRAY) {
                    lines.putIfAbsent(p.getParsingContext().pathAsPointer().toString(), p.currentTokenLocation().getLineNr());
                }
            }
        }
        return factory.createParser(file.toFile());
    }

    private void checkFields(JsonNode n, String at, boolean isDefaults) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!NODE_FIELDS.contains(f) || (isDefaults && (f.equals("name") || f.equals("host")))) {
                throw error(at + "/" + f, "unknown field '" + f + "' (expected one of " + (isDefaults
                        ? "port, user, key, knownHosts, acceptUnknownHosts" : "name, host, port, user, key, knownHosts, acceptUnknownHosts") + ")");
            }
        }
    }

    private String text(JsonNode n, JsonNode defaults, String at, String field, String fallback) {
        JsonNode v = n.has(field) ? n.get(field) : defaults.get(field);
        if (v == null || v.isNull()) {
            if (fallback != null) return fallback;
            throw error(at, "field '" + field + "' is missing");
        }
        if (!v.isValueNode() || v.asText().isBlank()) throw error(where(n, at, field), "field '" + field + "' must be a non-empty string");
        return v.asText();
    }

    private int port(JsonNode n, JsonNode defaults, String at) {
        JsonNode v = n.has("port") ? n.get("port") : defaults.get("port");
        if (v == null) return 22;
        if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 1 || v.asInt() > 65535) {
            throw error(where(n, at, "port"), "field 'port' must be a number from 1 to 65535, not " + v);
        }
        return v.asInt();
    }

    private boolean bool(JsonNode n, JsonNode defaults, String at, String field) {
        JsonNode v = n.has(field) ? n.get(field) : defaults.get(field);
        if (v == null) return false;
        if (!v.isBoolean()) throw error(where(n, at, field), "field '" + field + "' must be true or false, not " + v);
        return v.asBoolean();
    }

    private String where(JsonNode n, String at, String field) {
        return n.has(field) ? at + "/" + field : "/defaults/" + field;
    }

    private Path path(String p) {
        if (p.equals("~") || p.startsWith("~/")) p = System.getProperty("user.home") + p.substring(1);
        Path path = Path.of(p);
        return path.isAbsolute() ? path : file.toAbsolutePath().getParent().resolve(path).normalize();
    }

    private NodesFileException error(String pointer, String message) {
        Integer line = lines.get(pointer);
        String p = pointer;
        while (line == null && !p.isEmpty()) {
            p = p.substring(0, p.lastIndexOf('/'));
            line = lines.get(p);
        }
        return new NodesFileException(file + (line == null ? "" : " line " + line) + ": " + message);
    }

    /** The nodes file is missing or wrong; the message names file, line and field. */
    public static final class NodesFileException extends RuntimeException {
        public NodesFileException(String message) {
            super(message);
        }

        public NodesFileException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
