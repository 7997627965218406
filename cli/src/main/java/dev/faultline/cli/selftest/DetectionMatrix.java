package dev.faultline.cli.selftest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The self-test's detection matrix: one row per target and build (safe, or an {@code --unsafe}
 * switch), one column per nemesis combination; each cell says what was expected and what the checker
 * said. Rows and columns keep the order in which the cases ran. Results are numbered from 1 in that
 * order, and cells refer to them ({@code [3]}) so the run directories can be listed below the table.
 */
public final class DetectionMatrix {
    /** Exit codes of {@code faultline selftest}. */
    public static final int ALL_AS_EXPECTED = 0;
    public static final int SOME_NOT_AS_EXPECTED = 1;
    public static final int A_RUN_CRASHED = 3;

    private final List<SelftestResult> results;
    private final SortedMap<String, List<String>> uncovered;
    private final List<String> rows = new ArrayList<>();
    private final List<String> columns = new ArrayList<>();
    private final Map<String, List<Integer>> cells = new LinkedHashMap<>();
    private final int repeat;

    /**
     * @param results   every case, in the order they ran
     * @param uncovered per target, the unsafe switches no case exercises (shown so that gaps are visible)
     */
    public DetectionMatrix(List<SelftestResult> results, Map<String, ? extends java.util.Collection<String>> uncovered) {
        this(results, uncovered, 1);
    }

    /**
     * @param repeat how many times each case was meant to run ({@code --repeat}); above 1 the cells show
     *               counts ({@link CellStats#label}) instead of one verdict per run
     */
    public DetectionMatrix(List<SelftestResult> results, Map<String, ? extends java.util.Collection<String>> uncovered, int repeat) {
        this.repeat = repeat;
        this.results = List.copyOf(results);
        this.uncovered = new TreeMap<>();
        uncovered.forEach((t, s) -> {
            if (!s.isEmpty()) this.uncovered.put(t, List.copyOf(new java.util.TreeSet<>(s)));
        });
        Set<String> r = new LinkedHashSet<>();
        Set<String> c = new LinkedHashSet<>();
        for (int i = 0; i < this.results.size(); i++) {
            SelftestResult res = this.results.get(i);
            r.add(res.row());
            c.add(res.column());
            cells.computeIfAbsent(key(res.row(), res.column()), k -> new ArrayList<>()).add(i);
        }
        rows.addAll(r);
        columns.addAll(c);
    }

    private static String key(String row, String column) {
        return row + "\u0000" + column;
    }

    public List<SelftestResult> results() {
        return results;
    }

    public List<String> rows() {
        return rows;
    }

    public List<String> columns() {
        return columns;
    }

    public int repeat() {
        return repeat;
    }

    /** The counts of one cell's runs. */
    public CellStats stats(String row, String column) {
        return CellStats.of(cell(row, column));
    }

    public SortedMap<String, List<String>> uncovered() {
        return uncovered;
    }

    /** The results in one cell (usually one; several if a target declared several cases for it). */
    public List<SelftestResult> cell(String row, String column) {
        return cells.getOrDefault(key(row, column), List.of()).stream().map(results::get).toList();
    }

    /** 3 if a run crashed or was interrupted, else 1 if some cell differs from its expectation, else 0. */
    public int exitCode() {
        boolean crashed = results.stream().anyMatch(r -> r.cell() == SelftestResult.Cell.CRASHED
                || r.cell() == SelftestResult.Cell.INTERRUPTED);
        if (crashed) return A_RUN_CRASHED;
        return results.stream().allMatch(r -> r.cell().matches()) ? ALL_AS_EXPECTED : SOME_NOT_AS_EXPECTED;
    }

    public long count(SelftestResult.Cell cell) {
        return results.stream().filter(r -> r.cell() == cell).count();
    }

    /** One line: how many cells matched, and what went wrong. */
    public String summary() {
        long ran = results.stream().filter(r -> r.cell() != SelftestResult.Cell.SKIPPED).count();
        long ok = results.stream().filter(r -> r.cell().matches() && r.cell() != SelftestResult.Cell.SKIPPED).count();
        StringBuilder sb = new StringBuilder();
        sb.append(ok).append(" of ").append(ran).append(" runs as expected");
        for (SelftestResult.Cell c : SelftestResult.Cell.values()) {
            if (!c.matches() && count(c) > 0) sb.append(", ").append(count(c)).append(' ').append(c.wireName());
        }
        if (count(SelftestResult.Cell.SKIPPED) > 0) sb.append(", ").append(count(SelftestResult.Cell.SKIPPED)).append(" skipped");
        return sb.toString();
    }

    private String cellText(String row, String column) {
        List<Integer> idx = cells.getOrDefault(key(row, column), List.of());
        if (idx.isEmpty()) return "";
        if (repeat > 1) return stats(row, column).label(results.get(idx.get(0)).expected());
        List<String> parts = new ArrayList<>();
        for (int i : idx) parts.add(results.get(i).cell().label() + " [" + (i + 1) + "]");
        return String.join(" / ", parts);
    }

    /** The matrix as a plain-text table, then one line per run with its directory, then gaps and the summary. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        if (repeat > 1) {
            sb.append("Detection matrix, every case run ").append(repeat).append(" times (rows: target and build; columns: nemesis;\n")
                    .append("cells: caught or valid runs / runs, ✓ if all as expected, then false alarms, unknown and crashed runs,\n")
                    .append("and the median seconds from the main phase's start to the first op that takes part in an anomaly)\n\n");
        } else {
            sb.append("Detection matrix (rows: target and build; columns: nemesis; cells: verdict vs expectation, [n] = run)\n\n");
        }
        List<String> header = new ArrayList<>();
        header.add("");
        header.addAll(columns);
        List<List<String>> table = new ArrayList<>();
        table.add(header);
        for (String row : rows) {
            List<String> line = new ArrayList<>();
            line.add(row);
            for (String col : columns) line.add(cellText(row, col));
            table.add(line);
        }
        int[] width = new int[header.size()];
        for (List<String> line : table) {
            for (int i = 0; i < line.size(); i++) width[i] = Math.max(width[i], line.get(i).length());
        }
        for (int l = 0; l < table.size(); l++) {
            List<String> line = table.get(l);
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < line.size(); i++) {
                if (i > 0) out.append(" | ");
                out.append(pad(line.get(i), width[i]));
            }
            sb.append(out.toString().stripTrailing()).append('\n');
            if (l == 0) {
                StringBuilder rule = new StringBuilder();
                for (int i = 0; i < width.length; i++) {
                    if (i > 0) rule.append("-+-");
                    rule.append("-".repeat(width[i]));
                }
                sb.append(rule).append('\n');
            }
        }
        sb.append('\n');
        if (repeat > 1) sb.append("Runs not as expected (every run is in selftest.json):\n");
        for (int i = 0; i < results.size(); i++) {
            SelftestResult r = results.get(i);
            if (repeat > 1 && r.cell().matches()) continue;
            sb.append('[').append(i + 1).append("] ").append(r.row()).append(" x ").append(r.column()).append(": ")
                    .append(r.cell().label()).append(" (expected ").append(r.expected().wireName()).append(", got ")
                    .append(actualText(r)).append(")");
            if (r.outcome() != SelftestResult.Outcome.SKIPPED) sb.append(String.format(Locale.ROOT, ", %.0f s", r.seconds()));
            if (r.firstAnomalySeconds() != null) sb.append(String.format(Locale.ROOT, ", first anomalous op at %.1f s", r.firstAnomalySeconds()));
            sb.append('\n');
            if (r.runDir() != null) sb.append("    run: ").append(r.runDir()).append('\n');
            if (r.detail() != null && !r.detail().isBlank() && !r.cell().matches()) {
                sb.append("    ").append(oneLine(r.detail())).append('\n');
            }
            if (!r.cell().matches()) sb.append("    case: ").append(r.testCase().why()).append('\n');
            if (!r.cell().matches() && r.hostClockWarning() != null) sb.append("    ").append(r.hostClockWarning()).append('\n');
        }
        if (!uncovered.isEmpty()) {
            sb.append('\n').append("Planted bugs with no self-test case:");
            uncovered.forEach((t, s) -> sb.append(' ').append(t).append(": ").append(String.join(", ", s)).append(';'));
            sb.setLength(sb.length() - 1);
            sb.append('\n');
        }
        sb.append('\n').append(summary()).append(" -> exit ").append(exitCode()).append('\n');
        return sb.toString();
    }

    static String actualText(SelftestResult r) {
        return switch (r.outcome()) {
            case COMPLETED -> r.actual().wireName();
            case CRASHED -> "a crash";
            case INTERRUPTED -> "an interrupted run";
            case SKIPPED -> "no run: " + r.detail();
        };
    }

    private static String oneLine(String s) {
        String t = s.replaceAll("\\s+", " ").strip();
        return t.length() > 300 ? t.substring(0, 297) + "..." : t;
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }

    /** A self-contained HTML page (no scripts, no external files); run links are relative to {@code storeRoot}. */
    public String toHtml(Path storeRoot, String title) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(title)).append("</title>\n")
                .append("<style>body{font-family:system-ui,sans-serif;margin:2em;color:#222}")
                .append("table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:.4em .7em;text-align:left;vertical-align:top}")
                .append("th{background:#f4f4f4}.ok{background:#e6f4ea}.bad{background:#fce8e6;font-weight:bold}.crash{background:#fff4d6;font-weight:bold}")
                .append(".skip{color:#888}td small{color:#666}code{font-size:90%}</style></head><body>\n");
        sb.append("<h1>").append(esc(title)).append("</h1>\n<p>").append(esc(summary())).append(" &rarr; exit ")
                .append(exitCode()).append("</p>\n<table><tr><th>target / build</th>");
        for (String c : columns) sb.append("<th>").append(esc(c)).append("</th>");
        sb.append("</tr>\n");
        for (String row : rows) {
            sb.append("<tr><th>").append(esc(row)).append("</th>");
            for (String col : columns) {
                List<Integer> idx = cells.getOrDefault(key(row, col), List.of());
                if (idx.isEmpty()) {
                    sb.append("<td></td>");
                    continue;
                }
                SelftestResult first = results.get(idx.get(0));
                sb.append("<td class=\"").append(cssClass(idx)).append("\">");
                if (repeat > 1) sb.append(esc(stats(row, col).label(first.expected()))).append("<br><small>runs:</small> ");
                for (int k = 0; k < idx.size(); k++) {
                    SelftestResult r = results.get(idx.get(k));
                    if (k > 0) sb.append(repeat > 1 ? " " : "<br>");
                    String label = repeat > 1 ? "[" + (idx.get(k) + 1) + "]" : esc(r.cell().label()) + " [" + (idx.get(k) + 1) + "]";
                    if (r.runDir() != null) {
                        sb.append("<a href=\"").append(esc(link(storeRoot, r.runDir()))).append("\">").append(label).append("</a>");
                    } else {
                        sb.append(label);
                    }
                }
                sb.append("<br><small>expected ").append(esc(first.expected().wireName())).append("</small></td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</table>\n<h2>Runs</h2>\n<table><tr><th>#</th><th>target / build</th><th>nemesis</th><th>expected</th><th>got</th>")
                .append("<th>cell</th><th>seconds</th><th>first anomalous op (s)</th><th>seed</th><th>what it shows</th><th>detail</th></tr>\n");
        for (int i = 0; i < results.size(); i++) {
            SelftestResult r = results.get(i);
            sb.append("<tr><td>").append(i + 1).append("</td><td>").append(esc(r.row())).append("</td><td>").append(esc(r.column()))
                    .append("</td><td>").append(esc(r.expected().wireName())).append("</td><td>").append(esc(actualText(r)))
                    .append("</td><td class=\"").append(cssClass(List.of(i))).append("\">");
            if (r.runDir() != null) {
                sb.append("<a href=\"").append(esc(link(storeRoot, r.runDir()))).append("\">").append(esc(r.cell().label())).append("</a>");
            } else {
                sb.append(esc(r.cell().label()));
            }
            sb.append("</td><td>").append(String.format(Locale.ROOT, "%.0f", r.seconds())).append("</td><td>")
                    .append(r.firstAnomalySeconds() == null ? "" : String.format(Locale.ROOT, "%.1f", r.firstAnomalySeconds()))
                    .append("</td><td>").append(r.seed())
                    .append("</td><td>").append(esc(r.testCase().why())).append("</td><td><small>")
                    .append(esc(r.detail() == null ? "" : oneLine(r.detail()))).append("</small></td></tr>\n");
        }
        sb.append("</table>\n");
        if (!uncovered.isEmpty()) {
            sb.append("<p>Planted bugs with no self-test case: ");
            List<String> parts = new ArrayList<>();
            uncovered.forEach((t, s) -> parts.add(esc(t) + ": <code>" + esc(String.join(", ", s)) + "</code>"));
            sb.append(String.join("; ", parts)).append("</p>\n");
        }
        sb.append("</body></html>\n");
        return sb.toString();
    }

    private String cssClass(List<Integer> idx) {
        boolean crash = false;
        boolean bad = false;
        boolean skipped = true;
        for (int i : idx) {
            SelftestResult.Cell c = results.get(i).cell();
            crash |= c == SelftestResult.Cell.CRASHED || c == SelftestResult.Cell.INTERRUPTED;
            bad |= !c.matches();
            skipped &= c == SelftestResult.Cell.SKIPPED;
        }
        return crash ? "crash" : bad ? "bad" : skipped ? "skip" : "ok";
    }

    /** The run's report, relative to the store root when it lies inside it. */
    static String link(Path storeRoot, Path runDir) {
        Path root = storeRoot.toAbsolutePath().normalize();
        Path run = runDir.toAbsolutePath().normalize();
        String rel = run.startsWith(root) ? root.relativize(run).toString().replace('\\', '/') : run.toUri().toString();
        return rel + "/report.html";
    }

    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(ch);
            }
        }
        return sb.toString();
    }
}
