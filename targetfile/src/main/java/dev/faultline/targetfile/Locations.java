package dev.faultline.targetfile;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each field of a YAML document starts (line and column by dotted path, {@code daemon.ready}
 * or {@code install.files[0].from}), so that mistakes found after binding still name their line.
 */
final class Locations {
    private final Map<String, JsonLocation> byPath = new HashMap<>();

    static Locations of(JsonFactory factory, String text) throws IOException {
        Locations l = new Locations();
        try (JsonParser p = factory.createParser(text)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) continue;
                String path = dotted(p.getParsingContext().pathAsPointer().toString());
                // A field's key comes first: point at the key rather than its value.
                l.byPath.putIfAbsent(path, p.currentTokenLocation());
            }
        }
        return l;
    }

    /** The location of exactly {@code path}, or null. */
    JsonLocation exact(String path) {
        return byPath.get(path);
    }

    /** The location of {@code path}, or of its nearest enclosing field that has one. */
    JsonLocation of(String path) {
        String p = path;
        while (true) {
            JsonLocation loc = byPath.get(p);
            if (loc != null || p.isEmpty()) return loc;
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut < 0 ? "" : p.substring(0, cut);
        }
    }

    /** {@code /daemon/ready/port} to {@code daemon.ready.port}; {@code /install/files/0/from} to {@code install.files[0].from}. */
    static String dotted(String pointer) {
        StringBuilder s = new StringBuilder();
        for (String seg : pointer.split("/")) {
            if (seg.isEmpty()) continue;
            String name = seg.replace("~1", "/").replace("~0", "~");
            if (name.chars().allMatch(Character::isDigit)) s.append('[').append(name).append(']');
            else s.append(s.isEmpty() ? "" : ".").append(name);
        }
        return s.toString();
    }
}
