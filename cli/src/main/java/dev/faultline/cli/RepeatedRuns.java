package dev.faultline.cli;

import dev.faultline.checkers.result.Validity;
import dev.faultline.harness.run.RunOutcome;
import dev.faultline.results.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The runs of one {@code faultline test --test-count N}: a tally, the worst exit code, and one
 * JUnit suite with a test case per run (its seed, its verdict, its run directory).
 */
final class RepeatedRuns {
    /** One run and the seed it used. */
    record Entry(long seed, RunOutcome outcome) {
    }

    private final String testName;
    private final List<Entry> entries = new ArrayList<>();

    RepeatedRuns(String testName) {
        this.testName = testName;
    }

    void add(long seed, RunOutcome outcome) {
        entries.add(new Entry(seed, outcome));
    }

    List<Entry> entries() {
        return List.copyOf(entries);
    }

    int exitCode() {
        int worst = ExitCodes.VALID;
        for (Entry e : entries) worst = ExitCodes.worst(worst, e.outcome().exitCode());
        return worst;
    }

    /** "5 runs: 3 valid, 1 invalid, 0 unknown, 1 crashed". */
    String summary() {
        int valid = 0, invalid = 0, unknown = 0, crashed = 0;
        for (Entry e : entries) {
            RunOutcome o = e.outcome();
            if (o.status() != RunOutcome.Status.COMPLETED || o.result() == null) crashed++;
            else if (o.result().validity() == Validity.VALID) valid++;
            else if (o.result().validity() == Validity.INVALID) invalid++;
            else unknown++;
        }
        return entries.size() + " run" + (entries.size() == 1 ? "" : "s") + ": " + valid + " valid, " + invalid + " invalid, "
                + unknown + " unknown, " + crashed + " crashed";
    }

    /** Writes the suite to {@code file}: an invalid run is a failure, an unknown or crashed one an error. */
    void writeJunit(Path file) throws IOException {
        int failures = 0, errors = 0;
        StringBuilder cases = new StringBuilder();
        for (Entry e : entries) {
            RunOutcome o = e.outcome();
            String name = "seed " + e.seed();
            cases.append("    <testcase classname=\"faultline.").append(x(testName)).append("\" name=\"").append(x(name)).append("\">\n");
            String where = "run: " + o.runDir();
            if (o.status() != RunOutcome.Status.COMPLETED || o.result() == null) {
                errors++;
                cases.append("      <error message=\"").append(x("the run " + o.status().wireName())).append("\">")
                        .append(x((o.error() == null ? "" : o.error() + "\n") + where)).append("</error>\n");
            } else if (o.result().validity() == Validity.INVALID) {
                failures++;
                cases.append("      <failure message=\"").append(x(o.result().summary())).append("\">").append(x(where)).append("</failure>\n");
            } else if (o.result().validity() == Validity.UNKNOWN) {
                errors++;
                cases.append("      <error message=\"").append(x("unknown: " + o.result().summary())).append("\">").append(x(where)).append("</error>\n");
            } else {
                cases.append("      <system-out>").append(x(o.result().summary() + "\n" + where)).append("</system-out>\n");
            }
            cases.append("    </testcase>\n");
        }
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<testsuites name=\"faultline\" tests=\"" + entries.size() + "\" failures=\"" + failures + "\" errors=\"" + errors + "\">\n"
                + "  <testsuite name=\"" + x(testName) + "\" tests=\"" + entries.size() + "\" failures=\"" + failures
                + "\" errors=\"" + errors + "\" skipped=\"0\">\n" + cases + "  </testsuite>\n</testsuites>\n";
        AtomicFiles.write(file, xml.getBytes(StandardCharsets.UTF_8));
    }

    private static String x(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> {
                    if (c >= 0x20 || c == '\n' || c == '\t') b.append(c);
                }
            }
        }
        return b.toString();
    }
}
