package dev.faultline.results;

import java.util.List;

/** Renders store/index.html: every run, newest first. */
final class StoreIndex {
    private StoreIndex() {}

    static String render(List<RunSummary> runs) {
        StringBuilder b = new StringBuilder(4096 + runs.size() * 400);
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
                .append("<title>Faultline runs</title><style>").append(Html.BASE_CSS)
                .append("tbody tr:hover{background:#f3f6fb} #filter{padding:5px 8px;width:320px;margin:6px 0 10px}</style></head><body><main>")
                .append("<h1>Faultline runs</h1>");
        long valid = runs.stream().filter(r -> r.verdict().equals("valid")).count();
        long invalid = runs.stream().filter(r -> r.verdict().equals("invalid")).count();
        long unknown = runs.stream().filter(r -> r.verdict().equals("unknown")).count();
        b.append("<p class=\"muted\">").append(runs.size()).append(runs.size() == 1 ? " run: " : " runs: ").append(valid).append(" valid, ")
                .append(invalid).append(" invalid, ").append(unknown).append(" unknown, ")
                .append(runs.size() - valid - invalid - unknown).append(" incomplete.</p>");
        b.append("<input id=\"filter\" type=\"search\" placeholder=\"filter runs (test, target, fault, verdict)\">");
        b.append("<table id=\"runs\"><thead><tr><th>verdict</th><th>test</th><th>started (UTC)</th><th>target</th><th>workload</th>")
                .append("<th>faults</th><th class=\"num\">duration</th><th>summary</th><th>files</th></tr></thead><tbody>\n");
        for (RunSummary r : runs) {
            String link = r.hasReport() ? r.path() + "/report.html" : r.path() + "/";
            b.append("<tr><td><span class=\"badge ").append(Html.verdictClass(r.verdict())).append("\">")
                    .append(Html.esc(r.verdict())).append("</span>")
                    .append(r.status().isEmpty() || r.status().equals("completed") ? "" : " <span class=\"muted\">" + Html.esc(r.status()) + "</span>").append("</td>")
                    .append("<td><a href=\"").append(Html.href(link)).append("\">").append(Html.esc(r.testName())).append("</a></td>")
                    .append("<td class=\"mono\">").append(Html.esc(prettyRunId(r.runId()))).append("</td>")
                    .append("<td>").append(Html.esc(r.target())).append(unsafeBadge(r.unsafe())).append("</td>")
                    .append("<td>").append(Html.esc(r.workload())).append("</td>")
                    .append("<td>").append(Html.esc(String.join(", ", r.nemeses()))).append("</td>")
                    .append("<td class=\"num\">").append(Html.esc(Html.duration(r.duration()))).append("</td>")
                    .append("<td>").append(Html.esc(abbreviate(r.summary(), 160))).append("</td>")
                    .append("<td><a href=\"").append(Html.href(r.path() + "/")).append("\">files</a></td></tr>\n");
        }
        b.append("</tbody></table>");
        if (runs.isEmpty()) b.append("<p>No runs yet. Run <code>faultline test …</code> to make one.</p>");
        b.append("""
                <script>
                document.getElementById('filter').addEventListener('input', e => {
                  const q = e.target.value.toLowerCase();
                  for (const tr of document.querySelectorAll('#runs tbody tr'))
                    tr.style.display = tr.textContent.toLowerCase().includes(q) ? '' : 'none';
                });
                </script></main></body></html>
                """);
        return b.toString();
    }

    /** A build with planted bugs is named as such, so a caught bug is never mistaken for a failing safe build. */
    static String unsafeBadge(List<String> unsafe) {
        if (unsafe == null || unsafe.isEmpty()) return "";
        return " <span class=\"badge v-other unsafe\" title=\"planted bugs switched on (--unsafe)\">unsafe: "
                + Html.esc(String.join(", ", unsafe)) + "</span>";
    }

    /** 20261123T092406.123 -> 2026-11-23 09:24:06.123 */
    static String prettyRunId(String id) {
        if (id.length() >= 15 && id.charAt(8) == 'T') {
            return id.substring(0, 4) + "-" + id.substring(4, 6) + "-" + id.substring(6, 8) + " "
                    + id.substring(9, 11) + ":" + id.substring(11, 13) + ":" + id.substring(13);
        }
        return id;
    }

    static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
