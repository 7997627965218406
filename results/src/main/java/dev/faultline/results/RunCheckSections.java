package dev.faultline.results;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.checkers.result.CheckResult;

import java.util.Locale;

/**
 * The report's sections for the run-level checks next to the workload's checker: availability per
 * operation kind ({@link Availability}) and log-pattern matches ({@link LogScan}). Reads the details
 * as JSON trees, so a result read back from results.json renders like a fresh one.
 */
final class RunCheckSections {
    private static final int MAX_MATCH_ROWS = 200;

    private RunCheckSections() {
    }

    static void append(StringBuilder b, CheckResult root) {
        for (CheckResult c : root.children()) {
            if (c.detail() == null) continue;
            JsonNode d = Json.mapper().valueToTree(c.detail());
            if (c.checker().equals(Availability.CHECKER)) availability(b, c, d);
            if (c.checker().equals(LogScan.CHECKER)) logMatches(b, c, d);
            if (c.checker().equals(ReplayMatch.CHECKER)) replay(b, c, d);
        }
    }

    /** {@code --replay}: each recorded fault op against its replay. */
    private static void replay(StringBuilder b, CheckResult c, JsonNode d) {
        b.append("<section id=\"replay\"><h2>Replay</h2><p>Replay of <code>").append(Html.esc(d.path("source").asText()))
                .append("</code>: ").append(Html.esc(c.summary()))
                .append(". Offsets count from each run's main-phase start; late = replayed minus recorded offset.</p>");
        JsonNode ops = d.path("ops");
        if (ops.size() > 0) {
            b.append("<table><thead><tr><th>#</th><th>op</th><th>recorded at</th><th>replayed at</th><th>late</th>")
                    .append("<th>recorded nodes</th><th>replayed nodes</th><th>outcome</th></tr></thead><tbody>");
            int n = 0;
            for (JsonNode r : ops) {
                if (n++ == MAX_MATCH_ROWS) break;
                String outcome = r.path("outcome").asText();
                b.append("<tr class=\"replay-").append(Html.esc(outcome)).append("\"><td>").append(r.path("n").asInt()).append("</td><td><code>")
                        .append(Html.esc(r.path("f").asText())).append(' ').append(Html.esc(r.path("value").isNull() || r.path("value").isMissingNode() ? "" : r.path("value").toString()))
                        .append("</code></td><td>").append(seconds(r.path("plannedS"))).append("</td><td>").append(seconds(r.path("actualS")))
                        .append("</td><td>").append(r.path("lateMs").isNumber() ? r.path("lateMs").asLong() + " ms" : "").append("</td><td>")
                        .append(nodes(r.path("plannedNodes"), r.path("plannedError"))).append("</td><td>")
                        .append(nodes(r.path("actualNodes"), r.path("actualError"))).append("</td><td>").append(Html.esc(outcome)).append("</td></tr>");
            }
            b.append("</tbody></table>");
        }
        b.append("</section>\n");
    }

    private static String seconds(JsonNode s) {
        return s.isNumber() ? String.format(Locale.ROOT, "%.3f s", s.asDouble()) : "—";
    }

    private static String nodes(JsonNode list, JsonNode error) {
        StringBuilder out = new StringBuilder();
        for (JsonNode n : list) out.append(out.length() == 0 ? "" : ", ").append(Html.esc(n.asText()));
        if (error.isTextual()) out.append(" <span class=\"small\" style=\"color:var(--fail)\">").append(Html.esc(error.asText())).append("</span>");
        return out.toString();
    }

    private static void availability(StringBuilder b, CheckResult c, JsonNode d) {
        b.append("<section id=\"availability\"><h2>Availability</h2><p>").append(Html.esc(c.summary()))
                .append(". Ops that overlapped any of the ").append(d.path("faultWindows").asInt())
                .append(" fault windows count as inside.</p><table><thead><tr><th>f</th><th>inside faults</th><th>outside faults</th><th>all</th></tr></thead><tbody>");
        for (JsonNode row : d.path("ops")) {
            b.append("<tr><td>").append(Html.esc(row.path("f").asText())).append("</td>");
            cell(b, row.path("inside"));
            cell(b, row.path("outside"));
            cell(b, row.path("all"));
            b.append("</tr>");
        }
        b.append("<tr><td><b>all</b></td>");
        cell(b, d.path("inside"));
        cell(b, d.path("outside"));
        cell(b, d.path("all"));
        b.append("</tr></tbody></table></section>\n");
    }

    private static void cell(StringBuilder b, JsonNode counts) {
        JsonNode f = counts.path("fraction");
        String pct = f.isNumber() ? String.format(Locale.ROOT, "%.1f%%", 100 * f.asDouble()) : "n/a";
        b.append("<td>").append(pct).append(" <span class=\"muted small\">(").append(counts.path("ok").asLong()).append(" ok, ")
                .append(counts.path("fail").asLong()).append(" fail, ").append(counts.path("info").asLong()).append(" info)</span></td>");
    }

    private static void logMatches(StringBuilder b, CheckResult c, JsonNode d) {
        b.append("<section id=\"log-patterns\"><h2>Log patterns</h2><p>").append(Html.esc(c.summary())).append("</p>");
        JsonNode matches = d.path("matches");
        if (matches.size() > 0) {
            b.append("<table><thead><tr><th>node</th><th>file:line</th><th>pattern</th><th>line</th></tr></thead><tbody>");
            int n = 0;
            for (JsonNode m : matches) {
                if (n++ == MAX_MATCH_ROWS) break;
                b.append("<tr><td>").append(Html.esc(m.path("node").asText())).append("</td><td>")
                        .append(Html.esc(m.path("file").asText())).append(':').append(m.path("line").asLong()).append("</td><td><code>")
                        .append(Html.esc(m.path("pattern").asText())).append("</code></td><td><code>")
                        .append(Html.esc(m.path("text").asText())).append("</code></td></tr>");
            }
            b.append("</tbody></table>");
        }
        b.append("</section>\n");
    }
}
