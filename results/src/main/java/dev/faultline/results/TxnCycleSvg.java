package dev.faultline.results;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A transactional anomaly's cycle drawn as a small static SVG: the transactions on a circle, each
 * edge a labelled arrow (ww, wr, rw, process, realtime) to the next, its evidence in words as the
 * arrow's tooltip. Reads the anomaly as results.json holds it ({@code type}, {@code txns},
 * {@code edges}, {@code explanation}), so a report rendered again from a run directory draws it too.
 */
final class TxnCycleSvg {
    /** Longer cycles are left to the words. */
    static final int MAX_NODES = 24;
    private static final double CHAR_PX = 7.2;
    private static final int MARGIN = 24;
    private static final Set<String> TYPES = Set.of("ww", "wr", "rw", "process", "realtime");
    private static final Pattern TXN = Pattern.compile("T(\\d+)");

    private TxnCycleSvg() {}

    /** Whether the JSON object is a cycle anomaly this class can draw. */
    static boolean drawable(JsonNode anomaly) {
        if (anomaly == null || !anomaly.isObject()) return false;
        JsonNode txns = anomaly.get("txns"), edges = anomaly.get("edges");
        if (txns == null || edges == null || !txns.isArray() || !edges.isArray()) return false;
        if (edges.size() < 2 || edges.size() != txns.size() || edges.size() > MAX_NODES) return false;
        for (JsonNode e : edges) if (!TYPES.contains(e.asText())) return false;
        return true;
    }

    /**
     * @param id         unique in the page (marker ids)
     * @param referenced collects the ops the drawing links to
     */
    static String render(JsonNode anomaly, String id, TreeSet<Integer> referenced) {
        List<String> txns = new ArrayList<>();
        for (JsonNode t : anomaly.get("txns")) txns.add(t.asText());
        List<String> edges = new ArrayList<>();
        for (JsonNode e : anomaly.get("edges")) edges.add(e.asText());
        String explanation = anomaly.path("explanation").asText("");
        String type = anomaly.path("type").asText("cycle");
        int n = txns.size();

        double nodeRadius = 8;
        for (String t : txns) nodeRadius = Math.max(nodeRadius, t.length() * CHAR_PX / 2 + 8);
        // nodes on a circle, far enough apart for the labelled arrows between neighbours
        double radius = n == 2 ? 2 * nodeRadius + 60 : Math.max(2 * nodeRadius + 50, (2 * nodeRadius + 90) / (2 * Math.sin(Math.PI / n)));
        double size = 2 * (radius + nodeRadius + MARGIN);
        double cx = size / 2, cy = n == 2 ? nodeRadius + MARGIN + 30 : size / 2;
        double height = n == 2 ? 2 * cy : size;
        double[] x = new double[n], y = new double[n];
        for (int i = 0; i < n; i++) {
            double a = n == 2 ? Math.PI * (1 - i) : -Math.PI / 2 + 2 * Math.PI * i / n; // two: left then right; more: clockwise from the top
            x[i] = cx + radius * Math.cos(a);
            y[i] = cy + radius * Math.sin(a);
        }

        StringBuilder b = new StringBuilder(4096);
        b.append(String.format(Locale.ROOT, "<svg class=\"txn-cycle\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" role=\"img\" aria-label=\"%s\">",
                size, height, size, Html.esc(type + ": " + String.join(" → ", txns) + " → " + txns.get(0))));
        b.append("<defs>");
        for (String t : new TreeSet<>(edges)) {
            b.append("<marker id=\"").append(id).append('-').append(t).append("\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\">")
                    .append("<path d=\"M0,0 L10,5 L0,10 z\" class=\"head ").append(t).append("\"/></marker>");
        }
        b.append("</defs>");
        for (int i = 0; i < n; i++) {
            int j = (i + 1) % n;
            String t = edges.get(i);
            // a quadratic curve bent outward (to the left of the direction of travel), so two-node cycles show two arcs
            double mx = (x[i] + x[j]) / 2, my = (y[i] + y[j]) / 2;
            double dx = x[j] - x[i], dy = y[j] - y[i];
            double len = Math.max(1, Math.hypot(dx, dy));
            double bend = n == 2 ? 0.35 * len : 0.18 * len;
            double qx = mx + dy / len * bend, qy = my - dx / len * bend; // (dy, -dx) points away from the circle's centre
            double[] start = toward(x[i], y[i], qx, qy, nodeRadius);
            double[] end = toward(x[j], y[j], qx, qy, nodeRadius + 2);
            double lx = 0.25 * start[0] + 0.5 * qx + 0.25 * end[0], ly = 0.25 * start[1] + 0.5 * qy + 0.25 * end[1];
            String because = because(explanation, txns.get(i), txns.get(j), t);
            b.append("<g class=\"edge ").append(t).append("\"><title>").append(Html.esc(because)).append("</title>");
            b.append(String.format(Locale.ROOT, "<path d=\"M%.1f,%.1f Q%.1f,%.1f %.1f,%.1f\" marker-end=\"url(#%s-%s)\"/>",
                    start[0], start[1], qx, qy, end[0], end[1], id, t));
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" class=\"edge-label\">%s</text></g>", lx, ly + 4, t));
        }
        for (int i = 0; i < n; i++) {
            String name = txns.get(i);
            Matcher m = TXN.matcher(name);
            boolean link = m.matches();
            if (link) {
                int op = Integer.parseInt(m.group(1));
                referenced.add(op);
                b.append("<a href=\"#op-").append(op).append("\">");
            }
            b.append("<g class=\"node\"><title>").append(Html.esc(describe(explanation, name))).append("</title>");
            b.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\"/>", x[i], y[i], nodeRadius));
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" class=\"txn\">%s</text></g>", x[i], y[i] + 4.5, Html.esc(name)));
            if (link) b.append("</a>");
        }
        b.append("</svg>");
        return b.toString();
    }

    /** The point at distance r from (x, y) toward (tx, ty). */
    private static double[] toward(double x, double y, double tx, double ty, double r) {
        double d = Math.max(1e-9, Math.hypot(tx - x, ty - y));
        return new double[] {x + (tx - x) / d * r, y + (ty - y) / d * r};
    }

    /** The explanation's line for this edge ("T1 < T2 (ww), because ..."), or a plain statement if there is none. */
    static String because(String explanation, String from, String to, String type) {
        String head = from + " < " + to + " (" + type + ")";
        for (String line : explanation.split("\n")) {
            String s = line.strip();
            if (s.startsWith("However, ")) s = s.substring("However, ".length());
            if (s.startsWith(head)) return s;
        }
        return head;
    }

    /** The explanation's line describing the transaction ("T12 = process 3, ok: ..."), or its name. */
    private static String describe(String explanation, String txn) {
        for (String line : explanation.split("\n")) {
            String s = line.strip();
            if (s.startsWith(txn + " = ")) return s;
        }
        return txn;
    }
}
