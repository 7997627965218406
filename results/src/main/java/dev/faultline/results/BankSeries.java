package dev.faultline.results;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.checkers.result.CheckResult;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A (time, total) series found in a checker's detail, e.g. the bank checker's total balance over
 * time. Recognised shapes: an array of objects with a numeric {@code time} (or {@code t}) and
 * {@code total} (or {@code value}), or an array of {@code [time, total]} pairs under a field whose
 * name mentions "total" or "series". Times are history nanoseconds.
 */
record BankSeries(String name, long[] times, double[] values, Double expected) {

    static List<BankSeries> find(CheckResult root) {
        List<BankSeries> out = new ArrayList<>();
        walk(root, out);
        return out;
    }

    private static void walk(CheckResult r, List<BankSeries> out) {
        if (r.detail() != null) {
            JsonNode d = Json.mapper().valueToTree(r.detail());
            search(r.checker(), d, out, 0);
        }
        for (CheckResult c : r.children()) walk(c, out);
    }

    private static void search(String checker, JsonNode node, List<BankSeries> out, int depth) {
        if (depth > 4 || !node.isObject()) return;
        Double expected = null;
        for (String f : List.of("expected", "expectedTotal", "expected_total", "initialTotal")) {
            if (node.path(f).isNumber()) expected = node.path(f).asDouble();
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            String name = e.getKey().equals("series") ? checker + ": total over time" : checker + ": " + e.getKey();
            BankSeries s = v.isArray() ? series(name, e.getKey(), v, expected) : null;
            if (s != null) out.add(s);
            else if (v.isObject()) search(checker, v, out, depth + 1);
        }
    }

    private static BankSeries series(String name, String field, JsonNode a, Double expected) {
        if (a.size() < 2) return null;
        long[] t = new long[a.size()];
        double[] v = new double[a.size()];
        String lower = field.toLowerCase(java.util.Locale.ROOT);
        boolean pairsAllowed = lower.contains("total") || lower.contains("series");
        for (int i = 0; i < a.size(); i++) {
            JsonNode e = a.get(i);
            JsonNode time;
            JsonNode value;
            if (e.isObject()) {
                time = e.has("time") ? e.get("time") : e.path("t");
                value = e.has("total") ? e.get("total") : e.path("value");
            } else if (pairsAllowed && e.isArray() && e.size() == 2) {
                time = e.get(0);
                value = e.get(1);
            } else {
                return null;
            }
            if (!time.isNumber() || !value.isNumber()) return null;
            t[i] = time.asLong();
            v[i] = value.asDouble();
        }
        return new BankSeries(name, t, v, expected);
    }
}
