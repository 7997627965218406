package dev.faultline.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.faultline.checkers.history.History;
import dev.faultline.checkers.result.CheckResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** report.html: one self-contained page (inline CSS and JS, no network) describing a run. */
final class ReportPage {
    private ReportPage() {}

    static String render(Path runDir, History history, CheckResult result, TestInfo info) {
        StringBuilder b = new StringBuilder(64 * 1024);
        String title = info.name().isEmpty() ? runDir.getFileName().toString() : info.name();
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
                .append("<title>").append(Html.esc(title)).append(" — ").append(result.validity().wireName())
                .append(" — Faultline</title><style>").append(Html.BASE_CSS).append("</style></head><body><main>");
        b.append("<h1>").append(Html.esc(title)).append(" <span id=\"verdict\" class=\"badge ")
                .append(Html.verdictClass(result.validity().wireName())).append("\">")
                .append(result.validity().wireName()).append("</span></h1>");
        b.append("<p id=\"summary\">").append(Html.esc(result.summary())).append("</p>");
        b.append("<h2>Checkers</h2><table><thead><tr><th>checker</th><th>verdict</th><th>summary</th></tr></thead><tbody>");
        List<CheckResult> top = result.children().isEmpty() ? List.of(result) : result.children();
        for (CheckResult c : top) {
            b.append("<tr><td>").append(Html.esc(c.checker())).append("</td><td><span class=\"badge ")
                    .append(Html.verdictClass(c.validity().wireName())).append("\">").append(c.validity().wireName())
                    .append("</span></td><td>").append(Html.esc(c.summary())).append("</td></tr>");
        }
        b.append("</tbody></table>");
        for (CheckResult c : top) {
            if (c.detail() == null) continue;
            b.append("<h3>").append(Html.esc(c.checker())).append("</h3><pre>").append(Html.esc(json(c.detail()))).append("</pre>");
        }
        b.append("<h2>Files</h2><ul>");
        for (String f : List.of("history.jsonl", "results.json", "test.json", "junit.xml")) {
            if (Files.exists(runDir.resolve(f))) b.append("<li><a href=\"").append(f).append("\">").append(f).append("</a></li>");
        }
        b.append("</ul></main></body></html>\n");
        return b.toString();
    }

    private static String json(Object o) {
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(o);
        } catch (JsonProcessingException e) {
            return "(not serialisable: " + e.getOriginalMessage() + ")";
        }
    }
}
