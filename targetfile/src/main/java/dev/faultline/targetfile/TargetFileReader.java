package dev.faultline.targetfile;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a target file (YAML, docs/targets.md) into a {@link TargetDefinition}. Every mistake is a
 * {@link TargetFileException} naming the file, line, column and field and saying what was expected;
 * an unknown key is a mistake, not ignored.
 */
public final class TargetFileReader {
    private static final Pattern MISSING = Pattern.compile("Missing required creator property '([^']+)'");

    private static final YAMLMapper YAML = YAMLMapper.builder(YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .build();

    /** What a required field holds, for "missing" messages. */
    private static final Map<String, String> REQUIRED = Map.of(
            "name", "the target's name (letters, digits, '-', '_', '.')",
            "workloads", "the list of workloads the target supports, e.g. [register]",
            "daemon", "a mapping describing the process to run on each node (at least `start`)",
            "start", "the command that starts the system on a node (a list of words, or one string for sh -c)",
            "clients", "a mapping with `command` (a client-protocol program) or `java` (a ClientFactory class)",
            "from", "the controller file to upload, relative to the target file",
            "workload", "one of the target's workloads",
            "expect", "valid (a safe build must stay valid) or invalid (a planted bug must be caught)");

    private TargetFileReader() {
    }

    /** @throws TargetFileException for any mistake in the file, or a file that cannot be read */
    public static TargetDefinition read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new TargetFileException(file, 0, 0, "", "cannot read the target file: " + e, e);
        }
        if (text.isBlank()) {
            throw new TargetFileException(file, 1, 1, "", "the file is empty; expected a mapping with name, workloads, daemon and clients", null);
        }
        Locations locations;
        try {
            locations = Locations.of(YAML.getFactory(), text);
        } catch (JsonProcessingException e) {
            throw translate(file, e, null);
        } catch (IOException e) {
            throw new TargetFileException(file, 0, 0, "", "cannot read the target file: " + e, e);
        }
        TargetDocument doc;
        try {
            doc = YAML.readValue(text, TargetDocument.class);
        } catch (JsonProcessingException e) {
            throw translate(file, e, locations);
        } catch (IOException e) {
            throw new TargetFileException(file, 0, 0, "", "cannot read the target file: " + e, e);
        }
        if (doc == null) {
            throw new TargetFileException(file, 1, 1, "", "the file is empty; expected a mapping with name, workloads, daemon and clients", null);
        }
        return new TargetFileChecker(file, locations).check(doc);
    }

    /**
     * A Jackson error as "FILE:LINE:COL: field `a.b`: expected ...". The line is where the field's key
     * is ({@code locations}, null for a syntax error); Jackson's own location is where it noticed,
     * often the next token.
     */
    static TargetFileException translate(Path file, JsonProcessingException e, Locations locations) {
        JsonLocation loc = e.getLocation();
        int line = loc == null ? 0 : loc.getLineNr();
        int column = loc == null ? 0 : loc.getColumnNr();
        if (!(e instanceof JsonMappingException m) || locations == null) {
            return new TargetFileException(file, line, column, "", "not valid YAML: " + e.getOriginalMessage(), e);
        }
        String field = path(m.getPath());
        Matcher missing = MISSING.matcher(e.getOriginalMessage());
        if (m instanceof MismatchedInputException && missing.find()) {
            String key = missing.group(1);
            String parent = field.equals(key) || field.endsWith("." + key) ? field.substring(0, field.length() - key.length()).replaceAll("\\.$", "") : field;
            JsonLocation at = locations.of(parent);
            if (at != null && !parent.isEmpty()) {
                line = at.getLineNr();
                column = at.getColumnNr();
            }
            String full = parent.isEmpty() ? key : parent + "." + key;
            return new TargetFileException(file, line, column, full, "missing; expected " + REQUIRED.getOrDefault(key, "a value"), e);
        }
        JsonLocation at = locations.exact(field);
        if (at != null) {
            line = at.getLineNr();
            column = at.getColumnNr();
        }
        if (m instanceof UnrecognizedPropertyException u) {
            return new TargetFileException(file, line, column, field, "unknown key `" + u.getPropertyName() + "`; expected one of: "
                    + String.join(", ", new TreeSet<>(u.getKnownPropertyIds().stream().map(String::valueOf).toList())), e);
        }
        if (m instanceof ValueInstantiationException && e.getCause() instanceof IllegalArgumentException cause) {
            return new TargetFileException(file, line, column, field, cause.getMessage(), e);
        }
        if (m instanceof InvalidFormatException f) {
            return new TargetFileException(file, line, column, field, "expected " + describe(f.getTargetType()) + ", got `"
                    + f.getValue() + "`", e);
        }
        if (m instanceof MismatchedInputException mi && mi.getTargetType() != null) {
            return new TargetFileException(file, line, column, field, "expected " + describe(mi.getTargetType()), e);
        }
        return new TargetFileException(file, line, column, field, e.getOriginalMessage(), e);
    }

    private static String path(List<JsonMappingException.Reference> refs) {
        StringBuilder s = new StringBuilder();
        for (JsonMappingException.Reference r : refs) {
            if (r.getFieldName() != null) s.append(s.isEmpty() ? "" : ".").append(r.getFieldName());
            else if (r.getIndex() >= 0) s.append('[').append(r.getIndex()).append(']');
        }
        return s.toString();
    }

    private static String describe(Class<?> type) {
        if (type == String.class) return "text";
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) return "a whole number";
        if (type == Boolean.class || type == boolean.class) return "true or false";
        if (Collection.class.isAssignableFrom(type)) return "a list";
        if (Map.class.isAssignableFrom(type)) return "a mapping of names to values";
        if (type == TargetDocument.Command.class) return "a command: a list of words, or one string for sh -c";
        if (type.isRecord()) return "a mapping (key: value lines)";
        return type.getSimpleName();
    }
}
