package dev.faultline.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.faultline.checkers.result.CheckResult;
import dev.faultline.checkers.result.Validity;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * junit.xml for CI: one testsuite per run, one testcase per top-level checker. An invalid checker
 * is a {@code <failure>} carrying its anomaly summary; an unknown one is an {@code <error>} (the
 * checker gave up, so the run did not pass) carrying the budget that ran out.
 */
public final class JunitReport {
    private static final int MAX_DETAIL_CHARS = 32_000;
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private JunitReport() {}

    public static String render(CheckResult result, RunRecord info, String runId) {
        List<CheckResult> cases = CheckTree.topLevel(result);
        int failures = 0;
        int errors = 0;
        for (CheckResult c : cases) {
            if (c.validity() == Validity.INVALID) failures++;
            if (c.validity() == Validity.UNKNOWN) errors++;
        }
        String suite = info.name() == null || info.name().isEmpty() ? "faultline" : info.name();
        Duration d = info.duration();
        String time = seconds(d);
        Instant start = info.startTime() != null ? info.startTime() : Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String classname = "faultline." + suite;

        StringBuilder b = new StringBuilder(2048);
        b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        b.append("<testsuites name=\"faultline\" tests=\"").append(cases.size()).append("\" failures=\"").append(failures)
                .append("\" errors=\"").append(errors).append("\" time=\"").append(time).append("\">\n");
        b.append("  <testsuite name=\"").append(x(suite)).append("\" tests=\"").append(cases.size())
                .append("\" failures=\"").append(failures).append("\" errors=\"").append(errors)
                .append("\" skipped=\"0\" time=\"").append(time).append("\" timestamp=\"").append(TIMESTAMP.format(start))
                .append("\" hostname=\"localhost\">\n");
        b.append("    <properties>\n");
        property(b, "run", runId);
        property(b, "target", info.target());
        property(b, "workload", info.workload());
        property(b, "nemeses", String.join(",", info.nemeses()));
        property(b, "seed", info.seed() == null ? null : info.seed().toString());
        property(b, "verdict", result.validity().wireName());
        if (info.status() != null && info.status() != RunRecord.Status.COMPLETED) property(b, "status", info.status().wireName());
        b.append("    </properties>\n");
        for (CheckResult c : cases) {
            b.append("    <testcase classname=\"").append(x(classname)).append("\" name=\"").append(x(c.checker()))
                    .append("\" time=\"0\""); // checkers do not report their own time; the suite carries the run's
            if (c.validity() == Validity.VALID) {
                b.append(">\n      <system-out>").append(x(c.summary())).append("</system-out>\n    </testcase>\n");
                continue;
            }
            String element = c.validity() == Validity.INVALID ? "failure" : "error";
            b.append(">\n      <").append(element).append(" message=\"").append(x(oneLine(c.summary())))
                    .append("\" type=\"").append(c.validity().wireName()).append("\">")
                    .append(x(explain(c))).append("</").append(element).append(">\n    </testcase>\n");
        }
        b.append("  </testsuite>\n</testsuites>\n");
        return b.toString();
    }

    /** The failure body: the checker's summary, its non-valid sub-results, and its evidence as JSON. */
    static String explain(CheckResult c) {
        StringBuilder b = new StringBuilder();
        b.append(c.checker()).append(": ").append(c.validity().wireName()).append(": ").append(c.summary()).append('\n');
        appendChildren(b, c, "  ");
        if (c.detail() != null) {
            try {
                b.append("\ndetail:\n").append(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(c.detail()));
            } catch (JsonProcessingException e) {
                b.append("\ndetail: (not serialisable: ").append(e.getOriginalMessage()).append(")");
            }
        }
        if (b.length() > MAX_DETAIL_CHARS) {
            b.setLength(MAX_DETAIL_CHARS);
            b.append("\n… (truncated; see results.json and report.html)");
        }
        return b.toString();
    }

    private static void appendChildren(StringBuilder b, CheckResult c, String indent) {
        for (CheckResult child : c.children()) {
            if (child.validity() == Validity.VALID) continue;
            b.append(indent).append(child.checker()).append(": ").append(child.validity().wireName()).append(": ")
                    .append(child.summary()).append('\n');
            if (child.detail() != null) {
                try {
                    b.append(indent).append("  detail: ").append(Json.mapper().writeValueAsString(child.detail())).append('\n');
                } catch (JsonProcessingException e) {
                    b.append(indent).append("  detail: (not serialisable)\n");
                }
            }
            if (b.length() > MAX_DETAIL_CHARS) return;
            appendChildren(b, child, indent + "  ");
        }
    }

    private static void property(StringBuilder b, String name, String value) {
        if (value == null || value.isEmpty()) return;
        b.append("      <property name=\"").append(x(name)).append("\" value=\"").append(x(value)).append("\"/>\n");
    }

    private static String seconds(Duration d) {
        return d == null ? "0" : String.format(Locale.ROOT, "%.3f", d.toMillis() / 1000.0);
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").strip();
    }

    /** XML 1.0 text/attribute escaping; characters XML cannot carry become U+FFFD. */
    static String x(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                case '\n' -> b.append('\n');
                case '\t' -> b.append('\t');
                case '\r' -> b.append("&#13;");
                default -> {
                    if (c < 0x20 || c == 0xFFFE || c == 0xFFFF) b.append('\uFFFD');
                    else b.append(c);
                }
            }
        }
        return b.toString();
    }
}
