package dev.faultline.results;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Pretty-prints a checker's evidence as HTML, turning op indices into links to the ops
 * ({@code #op-N}). A number counts as an op index when its field is named like one: index, op,
 * ops, opIndex, prefix, failingOp, ...Index, ...Indices, ...Op, ...Ops.
 */
final class LinkedJson {
    private LinkedJson() {}

    static void render(JsonNode n, StringBuilder out, Set<Integer> referenced, int maxChars) {
        write(n, out, referenced, false, "", maxChars, true);
        if (out.length() >= maxChars) out.append("\n… (cut; the whole evidence is in results.json)");
    }

    static boolean isOpField(String name) {
        String f = name.toLowerCase(Locale.ROOT);
        return f.equals("index") || f.equals("op") || f.equals("ops") || f.equals("prefix") || f.equals("indices")
                || f.endsWith("index") || f.endsWith("indices") || f.endsWith("op") || f.endsWith("ops")
                || f.endsWith("prefix") || f.equals("concurrent") || f.equals("window");
    }

    /** @param collect whether linked ops join the referenced-ops table (not for plot data such as a bank series) */
    static boolean isSeries(String name) {
        return name.toLowerCase(Locale.ROOT).endsWith("series");
    }

    private static void write(JsonNode n, StringBuilder out, Set<Integer> referenced, boolean opField, String indent, int max, boolean collect) {
        if (out.length() >= max) return;
        if (n.isIntegralNumber() && opField && n.asLong() >= 0 && n.asLong() < Integer.MAX_VALUE) {
            int i = n.asInt();
            if (collect) referenced.add(i);
            out.append("<a class=\"op\" href=\"#op-").append(i).append("\">").append(i).append("</a>");
        } else if (n.isObject()) {
            if (n.isEmpty()) {
                out.append("{}");
                return;
            }
            out.append("{\n");
            String inner = indent + "  ";
            for (Iterator<Map.Entry<String, JsonNode>> it = n.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.append(inner).append("<span class=\"k\">").append(Html.esc(e.getKey())).append("</span>: ");
                write(e.getValue(), out, referenced, isOpField(e.getKey()), inner, max, collect && !isSeries(e.getKey()));
                if (it.hasNext()) out.append(',');
                out.append('\n');
                if (out.length() >= max) return;
            }
            out.append(indent).append('}');
        } else if (n.isArray()) {
            boolean flat = true;
            for (JsonNode e : n) flat &= e.isValueNode();
            if (flat) {
                out.append('[');
                for (int i = 0; i < n.size(); i++) {
                    if (i > 0) out.append(", ");
                    write(n.get(i), out, referenced, opField, indent, max, collect);
                    if (out.length() >= max) return;
                }
                out.append(']');
                return;
            }
            out.append("[\n");
            String inner = indent + "  ";
            for (int i = 0; i < n.size(); i++) {
                out.append(inner);
                write(n.get(i), out, referenced, opField, inner, max, collect);
                if (i + 1 < n.size()) out.append(',');
                out.append('\n');
                if (out.length() >= max) return;
            }
            out.append(indent).append(']');
        } else if (n.isTextual() && n.textValue().contains("\n")) {
            // multi-line text (e.g. a transactional anomaly's explanation) reads as written, not as one escaped line
            String text = n.textValue().replace("\n", "\n" + indent + "  ");
            out.append("&quot;").append(Html.esc(text)).append("&quot;");
        } else {
            out.append(Html.esc(n.toString()));
        }
    }
}
