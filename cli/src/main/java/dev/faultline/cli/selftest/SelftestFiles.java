package dev.faultline.cli.selftest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.faultline.harness.spi.SelfTestCase;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Writes {@code selftest.json} and {@code selftest.html} into the store's root (each replaced atomically). */
public final class SelftestFiles {
    public static final String JSON = "selftest.json";
    public static final String HTML = "selftest.html";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SelftestFiles() {}

    /** Everything in the matrix as plain data: settings, one entry per case, gaps, summary, exit code. */
    public static Map<String, Object> toJson(DetectionMatrix m, Map<String, Object> settings, Instant started, Instant finished) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("started", started.toString());
        out.put("finished", finished.toString());
        out.put("seconds", (finished.toEpochMilli() - started.toEpochMilli()) / 1000.0);
        out.put("settings", settings);
        out.put("exitCode", m.exitCode());
        out.put("summary", m.summary());
        out.put("rows", m.rows());
        out.put("columns", m.columns());
        out.put("repeat", m.repeat());
        List<Map<String, Object>> cases = new ArrayList<>();
        for (int i = 0; i < m.results().size(); i++) {
            SelftestResult r = m.results().get(i);
            SelfTestCase c = r.testCase();
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("n", i + 1);
            e.put("target", r.target());
            e.put("build", c.build());
            e.put("row", r.row());
            e.put("column", r.column());
            e.put("workload", c.workload());
            e.put("unsafe", new ArrayList<>(new java.util.TreeSet<>(c.unsafe())));
            e.put("nemeses", c.nemeses());
            e.put("params", new TreeMap<>(c.params()));
            e.put("nodes", c.nodes());
            e.put("concurrency", c.concurrency());
            e.put("timeLimitSeconds", c.timeLimit().toMillis() / 1000.0);
            e.put("nemesisIntervalSeconds", c.nemesisInterval().toMillis() / 1000.0);
            e.put("expected", c.expected().wireName());
            e.put("outcome", r.outcome().name().toLowerCase(java.util.Locale.ROOT));
            e.put("actual", r.actual() == null ? null : r.actual().wireName());
            e.put("cell", r.cell().wireName());
            e.put("label", r.cell().label());
            e.put("asExpected", r.cell().matches());
            e.put("runDir", r.runDir() == null ? null : r.runDir().toString());
            e.put("seed", r.seed());
            e.put("seconds", r.seconds());
            e.put("firstAnomalySeconds", r.firstAnomalySeconds());
            e.put("hostClockWarning", r.hostClockWarning());
            e.put("detail", r.detail());
            e.put("why", c.why());
            cases.add(e);
        }
        out.put("cases", cases);
        List<Map<String, Object>> cells = new ArrayList<>();
        for (String row : m.rows()) {
            for (String column : m.columns()) {
                List<SelftestResult> in = m.cell(row, column);
                if (in.isEmpty()) continue;
                CellStats st = CellStats.of(in);
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("row", row);
                c.put("column", column);
                c.put("expected", in.get(0).expected().wireName());
                c.put("label", st.label(in.get(0).expected()));
                c.put("runs", st.runs());
                c.put("asExpected", st.asExpected());
                c.put("caught", st.caught());
                c.put("missed", st.missed());
                c.put("valid", st.valid());
                c.put("falseAlarms", st.falseAlarms());
                c.put("unknown", st.unknown());
                c.put("crashed", st.crashed());
                c.put("skipped", st.skipped());
                c.put("firstAnomalySeconds", st.firstAnomalySeconds());
                c.put("medianFirstAnomalySeconds", st.medianFirstAnomalySeconds());
                c.put("medianSeconds", st.medianSeconds());
                c.put("seeds", in.stream().map(SelftestResult::seed).toList());
                cells.add(c);
            }
        }
        out.put("cells", cells);
        out.put("uncoveredSwitches", m.uncovered());
        return out;
    }

    /** Writes both files; returns the paths written. */
    public static List<Path> write(Path storeRoot, DetectionMatrix m, Map<String, Object> settings, Instant started,
                                   Instant finished) throws IOException {
        Files.createDirectories(storeRoot);
        Path json = storeRoot.resolve(JSON);
        Path html = storeRoot.resolve(HTML);
        atomicWrite(json, MAPPER.writeValueAsString(toJson(m, settings, started, finished)) + "\n");
        atomicWrite(html, m.toHtml(storeRoot, "Faultline self-test: detection matrix (" + started + ")"));
        return List.of(json, html);
    }

    private static void atomicWrite(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
