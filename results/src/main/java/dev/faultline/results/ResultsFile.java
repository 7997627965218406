package dev.faultline.results;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.checkers.result.CheckResult;
import dev.faultline.checkers.result.Validity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * results.json: the whole result tree, each node {@code {checker, validity, summary, detail, children}}.
 * Read back, a detail is a plain JSON tree (maps, lists, numbers), not the checker's record.
 */
public final class ResultsFile {
    private ResultsFile() {}

    public static void write(Path file, CheckResult result) {
        try {
            AtomicFiles.write(file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(result));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    public static CheckResult read(Path file) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return fromJson(root, file, "$");
    }

    static CheckResult fromJson(JsonNode n, Path file, String where) {
        if (!n.isObject()) throw new IllegalArgumentException(file + ": " + where + ": expected a result object, got " + n.getNodeType());
        String checker = n.path("checker").asText(null);
        if (checker == null) throw new IllegalArgumentException(file + ": " + where + ".checker: missing");
        String v = n.path("validity").asText(null);
        Validity validity;
        try {
            validity = Validity.valueOf(String.valueOf(v).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + where + ".validity: '" + v + "' is not valid, invalid or unknown");
        }
        Object detail = n.hasNonNull("detail") ? Json.mapper().convertValue(n.get("detail"), Object.class) : null;
        List<CheckResult> children = new ArrayList<>();
        JsonNode kids = n.path("children");
        for (int i = 0; i < kids.size(); i++) children.add(fromJson(kids.get(i), file, where + ".children[" + i + "]"));
        return new CheckResult(checker, validity, n.path("summary").asText(""), detail, children);
    }
}
