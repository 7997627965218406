package dev.faultline.results;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.Op;
import dev.faultline.checkers.result.CheckResult;
import dev.faultline.checkers.result.Validity;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * report.html: one self-contained page (inline CSS and JS, no network) describing a run. Text
 * (verdicts, counterexamples, anomalies, quantiles) is rendered here as static HTML; the plots are
 * drawn in the browser by report.js from the data embedded in the page.
 */
final class ReportPage {
    private static final String CSS = resource("report.css");
    private static final String JS = resource("report.js");
    /** Detail JSON shown per checker before it is cut (results.json has it all). */
    private static final int MAX_DETAIL_HTML = 200_000;
    private static final int MAX_REFERENCED_OPS = 500;
    private static final int MAX_COUNTEREXAMPLES = 5;

    private ReportPage() {}

    static String render(Path runDir, History history, CheckResult result, RunRecord info) {
        OpPairs pairs = OpPairs.of(history);
        FaultWindows faults = FaultWindows.of(history, pairs, info.faults());
        List<Counterexample> counterexamples = Counterexample.find(result, history);
        List<BankSeries> bank = BankSeries.find(result);
        ClockSeries clocks = pairs.realTime ? ClockSeries.of(history) : ClockSeries.empty();
        String data = ReportData.json(history, pairs, faults, bank, clocks);
        TreeSet<Integer> referenced = new TreeSet<>();

        StringBuilder b = new StringBuilder(data.length() + JS.length() + 64 * 1024);
        String title = info.name() == null || info.name().isEmpty() ? RunDir.at(runDir).name() : info.name();
        String verdict = result.validity().wireName();
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
                .append("<title>").append(Html.esc(title)).append(" — ").append(verdict).append(" — Faultline</title><style>")
                .append(Html.BASE_CSS).append(CSS).append("</style></head><body><main>\n");
        header(b, runDir, history, pairs, result, info, title);
        checkers(b, result);
        for (int i = 0; i < Math.min(counterexamples.size(), MAX_COUNTEREXAMPLES); i++) counterexample(b, history, counterexamples.get(i), referenced);
        if (counterexamples.size() > MAX_COUNTEREXAMPLES) {
            b.append("<p class=\"muted\">").append(counterexamples.size() - MAX_COUNTEREXAMPLES)
                    .append(" more counterexamples (other keys) are listed under Anomalies and in results.json.</p>");
        }
        anomalies(b, result, referenced);
        RunCheckSections.append(b, result);
        timeline(b, pairs, faults, clocks);
        plots(b, pairs, bank);
        quantiles(b, history, pairs);
        referencedOps(b, history, referenced);
        files(b, runDir);
        b.append("<p id=\"render-status\" class=\"muted\">Plots need JavaScript.</p>\n");
        b.append("</main><div id=\"tooltip\"></div>\n<script type=\"application/json\" id=\"report-data\">")
                .append(Html.scriptJson(data)).append("</script>\n<script>").append(JS).append("</script>\n</body></html>\n");
        return b.toString();
    }

    private static void header(StringBuilder b, Path runDir, History h, OpPairs pairs, CheckResult result, RunRecord info, String title) {
        String verdict = result.validity().wireName();
        boolean checked = info.status() == RunRecord.Status.CHECKED;
        b.append("<header class=\"top ").append(Html.verdictClass(verdict)).append("-edge\"><h1>").append(Html.esc(title))
                .append(" <span id=\"verdict\" class=\"badge big ").append(Html.verdictClass(verdict)).append("\">").append(verdict)
                .append("</span>");
        if (info.unsafe() != null && !info.unsafe().isEmpty()) {
            b.append(" <span id=\"unsafe\" class=\"badge v-other\">unsafe: ").append(Html.esc(String.join(", ", info.unsafe()))).append("</span>");
        }
        if (checked) b.append(" <span id=\"status\" class=\"badge v-other\">checked from a file</span>");
        else if (info.status() != null && info.status() != RunRecord.Status.COMPLETED) {
            b.append(" <span id=\"status\" class=\"badge v-other\">run ").append(Html.esc(info.status().wireName())).append("</span>");
        }
        b.append("</h1><p id=\"summary\" class=\"lead\">").append(Html.esc(result.summary())).append("</p>");
        if (info.error() != null && !info.error().isEmpty()) b.append("<p class=\"run-error\">").append(Html.esc(info.error())).append("</p>");
        b.append("<dl class=\"facts\">");
        if (checked) {
            fact(b, "history file", info.source());
            fact(b, "model", info.workload());
        } else {
            fact(b, "target", info.target());
            fact(b, "workload", info.workload());
            fact(b, "build", info.unsafe() == null || info.unsafe().isEmpty() ? "safe (no --unsafe switch)"
                    : "--unsafe " + String.join(",", info.unsafe()));
        }
        fact(b, "faults", String.join(", ", info.nemeses()));
        fact(b, "seed", info.seed() == null ? null : info.seed().toString());
        if (!checked && info.clientTimeout() != null) {
            fact(b, "client timeout", Html.duration(info.clientTimeout()) + " (an op unanswered this long is info)");
        }
        Duration d = info.duration();
        fact(b, checked ? "checked in" : "duration", d != null ? Html.duration(d) : pairs.realTime ? Html.nanos(pairs.endTime) + " (history)" : "");
        fact(b, checked ? "checked" : "started", info.startTime() != null ? info.startTime().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString().replace('T', ' ') : StoreIndex.prettyRunId(RunDir.at(runDir).name()));
        long client = 0;
        long nemesis = 0;
        for (int i = 0; i < pairs.size; i++) {
            if (pairs.nemesis[i]) nemesis++;
            else client++;
        }
        fact(b, "operations", String.format(Locale.ROOT, "%,d client, %,d nemesis (%,d history lines)", client, nemesis, h.size()));
        HostClock hostClock = HostClock.in(result);
        if (hostClock != null && hostClock.warning() != null) {
            b.append("<div id=\"host-clock\"><dt>host clock</dt><dd style=\"color:var(--fail)\">").append(Html.esc(hostClock.warning())).append("</dd></div>");
        }
        if (info.versions() != null && !info.versions().isEmpty()) fact(b, "versions", compact(Json.mapper().valueToTree(info.versions())));
        b.append("</dl>");
        if (info.status() != null) {
            b.append("<details><summary>run record (test.json)</summary><pre>").append(Html.esc(pretty(Json.mapper().valueToTree(info))))
                    .append("</pre></details>");
        }
        b.append("</header>\n");
    }

    private static void fact(StringBuilder b, String name, String value) {
        if (value == null || value.isEmpty()) return;
        b.append("<div><dt>").append(Html.esc(name)).append("</dt><dd>").append(Html.esc(value)).append("</dd></div>");
    }

    private static List<CheckResult> topLevel(CheckResult result) {
        return CheckTree.topLevel(result);
    }

    private static void checkers(StringBuilder b, CheckResult result) {
        b.append("<h2>Checkers</h2><table id=\"checkers\"><thead><tr><th>checker</th><th>verdict</th><th>summary</th></tr></thead><tbody>");
        for (CheckResult c : topLevel(result)) {
            String v = c.validity().wireName();
            b.append("<tr><td>");
            if (c.validity() != Validity.VALID) b.append("<a href=\"#checker-").append(Html.esc(anchor(c.checker()))).append("\">");
            b.append(Html.esc(c.checker()));
            if (c.validity() != Validity.VALID) b.append("</a>");
            b.append("</td><td><span class=\"badge ").append(Html.verdictClass(v)).append("\">").append(v)
                    .append("</span></td><td>").append(Html.esc(c.summary())).append("</td></tr>");
        }
        b.append("</tbody></table>\n");
    }

    private static void counterexample(StringBuilder b, History h, Counterexample c, TreeSet<Integer> referenced) {
        b.append("<section class=\"cex\"><h2>Counterexample").append(c.key() == null ? "" : ": key " + Html.esc(c.key()))
                .append(" <span class=\"muted small\">(").append(Html.esc(c.checker())).append(")</span></h2>");
        b.append("<p class=\"cex-sentence\">").append(Html.esc(capitalise(c.sentence()))).append(".</p>");
        b.append("<p class=\"muted\">The op that cannot be linearized is <a href=\"#op-").append(c.failing()).append("\">#")
                .append(c.failing()).append("</a>, outlined in red below with the ops around it")
                .append(c.key() == null ? "" : " on the same key")
                .append("; ops marked ✓ belong to the longest linearizable prefix. Click an op for its details.</p>");
        referenced.add(c.failing());
        b.append(CounterexampleSvg.render(h, c));
        b.append("<div class=\"cex-cols\"><div><h3>Model states before it</h3>");
        if (c.states().isEmpty()) {
            b.append("<p class=\"muted\">The checker reported no model states.</p>");
        } else {
            b.append("<ul class=\"states\">");
            int n = 0;
            for (JsonNode s : c.states()) {
                if (n++ == 50) {
                    b.append("<li class=\"muted\">… ").append(c.states().size() - 50).append(" more in results.json</li>");
                    break;
                }
                b.append("<li><code>").append(Html.esc(Counterexample.state(s))).append("</code></li>");
            }
            b.append("</ul>");
        }
        long total = c.prefix().size() + c.omitted();
        b.append("</div><div><h3>Longest linearizable prefix (").append(total).append(total == 1 ? " op" : " ops").append(", in linearization order)</h3>");
        if (c.prefix().isEmpty()) {
            b.append("<p class=\"muted\">Empty: not even the first op could be linearized, or the checker did not report a prefix.</p>");
        } else {
            int from = Math.max(0, c.prefix().size() - 12);
            long hidden = c.omitted() + from;
            if (hidden > 0) b.append("<p class=\"muted small\">… ").append(hidden).append(" earlier ops").append(c.omitted() > 0 ? " (the checker kept the last " + c.prefix().size() + ")" : "").append("</p>");
            b.append("<table class=\"prefix\"><thead><tr><th class=\"num\">#</th><th>op</th>")
                    .append(c.prefixStates().isEmpty() ? "" : "<th>model state after</th>").append("</tr></thead><tbody>");
            for (int i = from; i < c.prefix().size(); i++) {
                int op = c.prefix().get(i);
                referenced.add(op);
                b.append("<tr><td class=\"num\">").append(c.omitted() + i + 1).append("</td><td>").append(opLink(op)).append(' ')
                        .append(Html.esc(describe(h, op))).append("</td>");
                if (!c.prefixStates().isEmpty()) b.append("<td><code>").append(Html.esc(Counterexample.state(c.prefixStates().get(i + 1)))).append("</code></td>");
                b.append("</tr>");
            }
            b.append("</tbody></table>");
        }
        b.append("</div></div></section>\n");
    }

    private static void anomalies(StringBuilder b, CheckResult result, TreeSet<Integer> referenced) {
        List<CheckResult> bad = new ArrayList<>();
        for (CheckResult c : topLevel(result)) if (c.validity() != Validity.VALID) bad.add(c);
        if (bad.isEmpty()) return;
        b.append("<h2>Anomalies and unknowns</h2>");
        for (CheckResult c : bad) {
            b.append("<section class=\"anomaly\" id=\"checker-").append(Html.esc(anchor(c.checker()))).append("\"><h3>")
                    .append(Html.esc(c.checker())).append(" <span class=\"badge ").append(Html.verdictClass(c.validity().wireName()))
                    .append("\">").append(c.validity().wireName()).append("</span></h3><p>").append(Html.esc(c.summary())).append("</p>");
            resultTree(b, c, referenced, 0, null);
            b.append("</section>");
        }
        if (!referenced.isEmpty()) b.append("<p class=\"muted\">Links such as <code>#12</code> go to the op in the table of referenced ops below and select it in the timeline.</p>");
        b.append('\n');
    }

    private static void resultTree(StringBuilder b, CheckResult c, TreeSet<Integer> referenced, int depth, JsonNode parentDetail) {
        JsonNode d = c.detail() == null ? null : Json.mapper().valueToTree(c.detail());
        if (d != null && !d.equals(parentDetail)) { // composed results often repeat a child's evidence
            StringBuilder j = new StringBuilder();
            LinkedJson.render(d, j, referenced, MAX_DETAIL_HTML);
            boolean big = j.length() > 4000;
            b.append(big ? "<details><summary>evidence (" + String.format(Locale.ROOT, "%,d", j.length()) + " chars)</summary>" : "")
                    .append("<pre class=\"detail\">").append(j).append("</pre>").append(big ? "</details>" : "");
            txnCycles(b, d, referenced);
        }
        List<CheckResult> notValid = c.children().stream().filter(k -> k.validity() != Validity.VALID).toList();
        if (notValid.isEmpty()) return;
        b.append("<ul class=\"subresults\">");
        int shown = 0;
        for (CheckResult k : notValid) {
            if (shown++ == 100) {
                b.append("<li class=\"muted\">… ").append(notValid.size() - 100).append(" more in results.json</li>");
                break;
            }
            b.append("<li><b>").append(Html.esc(k.checker())).append("</b> <span class=\"badge ").append(Html.verdictClass(k.validity().wireName()))
                    .append("\">").append(k.validity().wireName()).append("</span> ").append(Html.esc(k.summary()));
            if (depth < 4) resultTree(b, k, referenced, depth + 1, d);
            b.append("</li>");
        }
        b.append("</ul>");
    }

    /** Draws each cycle among a list of transactional anomalies (a txn checker's evidence), next to their words. */
    private static void txnCycles(StringBuilder b, JsonNode detail, TreeSet<Integer> referenced) {
        if (!detail.isArray()) return;
        boolean open = false;
        for (JsonNode a : detail) {
            if (!TxnCycleSvg.drawable(a)) continue;
            if (!open) b.append("<div class=\"txn-cycles\">");
            open = true;
            List<String> txns = new ArrayList<>();
            for (JsonNode t : a.get("txns")) txns.add(t.asText());
            b.append("<figure class=\"txn-cycle\">").append(TxnCycleSvg.render(a, "cycle" + b.length(), referenced))
                    .append("<figcaption>").append(Html.esc(a.path("type").asText() + ": " + String.join(" → ", txns) + " → " + txns.get(0)))
                    .append(" (an arrow's tooltip gives its evidence)</figcaption></figure>");
        }
        if (open) b.append("</div>");
    }

    private static void timeline(StringBuilder b, OpPairs pairs, FaultWindows faults, ClockSeries clocks) {
        boolean packed = ReportData.Lanes.of(pairs).packed;
        b.append("<section id=\"timeline\"><h2>Timeline</h2><p class=\"muted\">")
                .append(packed ? "One lane per worker: a worker takes a fresh process id after an info op, so a lane labelled <code>p5 +12</code> holds p5 and the 12 processes that followed it"
                        : "One lane per process")
                .append(pairs.realTime ? "" : " (this history has no times: ops are placed by index)")
                .append("; each op is a bar from invocation to completion: <span class=\"sw ok\"></span>ok <span class=\"sw fail\"></span>fail ")
                .append("<span class=\"sw info\"></span>info (unknown) <span class=\"sw open\"></span>never completed. Shaded bands are faults. ")
                .append("Drag to zoom into a span, double-click to zoom out, drag the overview to move; ← → page when the pointer is over the timeline.</p>")
                .append("<div class=\"toolbar\"><button id=\"tl-first\">first page</button><button id=\"tl-prev\">◀ prev</button>")
                .append("<button id=\"tl-out\">zoom out</button><button id=\"tl-in\">zoom in</button><button id=\"tl-next\">next ▶</button>")
                .append("<button id=\"tl-all\">whole run</button> <label class=\"muted\">op # <input id=\"tl-goto\" type=\"number\" min=\"0\" size=\"8\"></label>")
                .append(" <span id=\"timeline-range\" class=\"muted\"></span></div>")
                .append("<div class=\"canvas-box\"><canvas id=\"overview-canvas\"></canvas></div>")
                .append("<div class=\"canvas-box\"><canvas id=\"timeline-canvas\"></canvas></div>")
                .append("<pre id=\"timeline-selected\" class=\"selected\"></pre>");
        if (!clocks.isEmpty()) {
            b.append("<h3 id=\"clock-offsets\">Clock offsets</h3><div class=\"canvas-box\"><canvas id=\"clock-canvas\"></canvas></div>")
                    .append("<p class=\"muted small\">Each node's clock offset as the clock nemesis set and checked it (libfaketime; signed log scale), ")
                    .append("on the timeline's time axis; hatched: a strobe flipping the clock. <span id=\"clock-note\"></span></p>");
        }
        if (!faults.windows.isEmpty() || !faults.events.isEmpty()) {
            b.append("<details><summary>").append(faults.windows.size()).append(" fault windows, ").append(faults.events.size())
                    .append(" other nemesis events</summary><table class=\"faults\"><thead><tr><th>fault</th><th>nodes</th><th class=\"num\">from</th>")
                    .append("<th class=\"num\">to</th><th class=\"num\">length</th><th>ops</th></tr></thead><tbody>");
            for (FaultWindows.Window w : faults.windows) {
                b.append("<tr><td>").append(Html.esc(w.kind())).append("</td><td>").append(Html.esc(w.label())).append("</td><td class=\"num\">")
                        .append(time(pairs, w.start())).append("</td><td class=\"num\">").append(time(pairs, w.end()))
                        .append(w.healed() ? "" : " (never healed)").append("</td><td class=\"num\">").append(pairs.realTime ? Html.nanos(w.end() - w.start()) : "")
                        .append("</td><td>").append(opLink(w.openIndex()));
                if (w.closeIndex() >= 0) b.append(' ').append(opLink(w.closeIndex()));
                b.append("</td></tr>");
            }
            for (FaultWindows.Event e : faults.events) {
                b.append("<tr><td>").append(Html.esc(e.f())).append("</td><td>").append(Html.esc(e.label())).append("</td><td class=\"num\">")
                        .append(time(pairs, e.time())).append("</td><td></td><td></td><td>").append(opLink(e.index())).append("</td></tr>");
            }
            b.append("</tbody></table></details>");
        }
        b.append("</section>\n");
    }

    private static String time(OpPairs pairs, long t) {
        return pairs.realTime ? Html.nanos(t) : "op " + t / 1000;
    }

    private static void plots(StringBuilder b, OpPairs pairs, List<BankSeries> bank) {
        b.append("<section id=\"plots\"><h2>Latency and throughput</h2><div id=\"plot-legend\" class=\"legend\"></div>")
                .append("<h3>Latency of each op (log scale)</h3><div class=\"canvas-box\"><canvas id=\"latency-canvas\"></canvas></div>")
                .append("<p class=\"muted small\" id=\"latency-note\"></p>")
                .append("<h3>Throughput (completions per second")
                .append(pairs.realTime ? "" : " bucket").append(")</h3><div class=\"canvas-box\"><canvas id=\"rate-canvas\"></canvas></div>")
                .append("<p class=\"muted small\">Click a plot to show that moment in the timeline.</p>");
        for (int i = 0; i < bank.size(); i++) {
            BankSeries s = bank.get(i);
            b.append("<h3>Bank: ").append(Html.esc(s.name())).append(s.expected() == null ? "" : " (expected " + num(s.expected()) + ", dashed)")
                    .append("</h3><div class=\"canvas-box\"><canvas id=\"bank-canvas-").append(i).append("\"></canvas></div>");
        }
        b.append("</section>\n");
    }

    private static String num(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static void quantiles(StringBuilder b, History h, OpPairs pairs) {
        List<LatencyStats.Row> rows = LatencyStats.of(pairs);
        if (rows.isEmpty()) return;
        b.append("<h2>Latency quantiles</h2><p class=\"muted\">Quantiles of ok ops (HdrHistogram, 3 significant digits); fail and info ops are counted apart.</p>")
                .append("<table id=\"quantiles\"><thead><tr><th>f</th><th class=\"num\">ok</th><th class=\"num\">fail</th><th class=\"num\">info</th>")
                .append("<th class=\"num\">never completed</th><th class=\"num\">p50</th><th class=\"num\">p95</th><th class=\"num\">p99</th><th class=\"num\">max</th></tr></thead><tbody>");
        for (LatencyStats.Row r : rows) {
            b.append("<tr").append(r.f() == null ? " class=\"total\"" : "").append("><td>").append(r.f() == null ? "all" : Html.esc(r.f())).append("</td>");
            for (long n : new long[] {r.ok(), r.fail(), r.info(), r.open()}) b.append("<td class=\"num\">").append(String.format(Locale.ROOT, "%,d", n)).append("</td>");
            for (long q : new long[] {r.p50(), r.p95(), r.p99(), r.max()}) {
                b.append("<td class=\"num\">").append(r.ok() == 0 ? "" : pairs.realTime ? Html.nanos(q) : "").append("</td>");
            }
            b.append("</tr>");
        }
        b.append("</tbody></table>\n");
    }

    private static void referencedOps(StringBuilder b, History h, TreeSet<Integer> referenced) {
        referenced.removeIf(i -> i < 0 || i >= h.size());
        if (referenced.isEmpty()) return;
        b.append("<h2>Referenced ops</h2><p class=\"muted\">Every op named by a counterexample or anomaly. ")
                .append("<a href=\"history.jsonl\">history.jsonl</a> line = index + 1.</p><table id=\"ops\"><thead><tr>")
                .append("<th class=\"num\">index</th><th class=\"num\">time</th><th>process</th><th>type</th><th>f</th><th>key</th><th>value</th><th>error</th><th></th></tr></thead><tbody>");
        int n = 0;
        for (int i : referenced) {
            if (n++ == MAX_REFERENCED_OPS) {
                b.append("<tr><td colspan=\"9\" class=\"muted\">… ").append(referenced.size() - MAX_REFERENCED_OPS).append(" more</td></tr>");
                break;
            }
            int partner = h.get(i).isInvoke() ? h.completion(i) : h.invocation(i);
            for (int k : partner >= 0 && partner < i ? new int[] {partner, i} : partner >= 0 ? new int[] {i, partner} : new int[] {i}) {
                Op op = h.get(k);
                b.append("<tr id=\"op-").append(k).append("\"").append(k == i ? " class=\"ref\"" : "").append("><td class=\"num\">").append(k)
                        .append("</td><td class=\"num\">").append(op.time() < 0 ? "" : Html.nanos(op.time())).append("</td><td>").append(Html.esc(op.processName()))
                        .append("</td><td class=\"t-").append(op.type().wireName()).append("\">").append(op.type().wireName()).append("</td><td>").append(Html.esc(op.f()))
                        .append("</td><td>").append(Html.esc(op.key())).append("</td><td><code>").append(Html.esc(OpText.cut(OpText.value(op.value()))))
                        .append("</code></td><td>").append(Html.esc(op.error())).append("</td><td><a href=\"#timeline\" data-show-op=\"").append(k)
                        .append("\">show in timeline</a></td></tr>");
            }
        }
        b.append("</tbody></table>\n");
    }

    private static void files(StringBuilder b, Path runDir) {
        b.append("<h2>Files</h2><ul class=\"files\">");
        String[][] known = {{RunDir.HISTORY, "the history, one op per line (download)"}, {RunDir.RESULTS, "the full result tree"},
                {RunDir.RECORD, "the run record: options, seed, versions, fault kinds"}, {RunDir.JUNIT, "for CI"}, {RunDir.LOG, "the controller's log"}};
        for (String[] f : known) {
            if (!Files.exists(runDir.resolve(f[0]))) continue;
            b.append("<li><a href=\"").append(f[0]).append("\"").append(f[0].equals(RunDir.HISTORY) ? " download" : "").append(">")
                    .append(f[0]).append("</a> <span class=\"muted\">").append(f[1]).append(", ").append(size(runDir.resolve(f[0]))).append("</span></li>");
        }
        b.append("</ul>");
        Path nodes = RunDir.at(runDir).nodes();
        if (Files.isDirectory(nodes)) {
            b.append("<h3>Node logs</h3><ul class=\"files\">");
            try (Stream<Path> nodeDirs = Files.list(nodes)) {
                for (Path node : nodeDirs.filter(Files::isDirectory).sorted().toList()) {
                    b.append("<li><b>").append(Html.esc(node.getFileName())).append("</b>: ");
                    try (Stream<Path> logs = Files.walk(node)) {
                        List<Path> files = logs.filter(Files::isRegularFile).sorted().toList();
                        if (files.isEmpty()) b.append("<span class=\"muted\">no files</span>");
                        for (Path f : files) {
                            String rel = runDir.relativize(f).toString().replace('\\', '/');
                            b.append("<a href=\"").append(Html.href(rel)).append("\">").append(Html.esc(node.relativize(f).toString().replace('\\', '/')))
                                    .append("</a> <span class=\"muted\">").append(size(f)).append("</span> ");
                        }
                    }
                    b.append("</li>");
                }
            } catch (IOException e) {
                b.append("<li class=\"muted\">cannot list ").append(Html.esc(nodes)).append(": ").append(Html.esc(e.getMessage())).append("</li>");
            }
            b.append("</ul>");
        }
        b.append('\n');
    }

    private static String size(Path f) {
        try {
            long n = Files.size(f);
            if (n < 1024) return n + " B";
            if (n < 1024 * 1024) return String.format(Locale.ROOT, "%.1f KB", n / 1024.0);
            return String.format(Locale.ROOT, "%.1f MB", n / 1024.0 / 1024.0);
        } catch (IOException e) {
            return "?";
        }
    }

    static String opLink(int index) {
        return "<a class=\"op\" href=\"#op-" + index + "\">#" + index + "</a>";
    }

    /** "p3 write 5 ok" style text for an invocation and its completion. */
    static String describe(History h, int invoke) {
        Op in = h.get(invoke);
        int c = h.completion(invoke);
        String outcome = c < 0 ? "never completed" : h.get(c).type().wireName();
        return in.processName().equals("nemesis") ? "nemesis " + in.f() : "p" + in.process() + " " + in.f() + " " + OpText.pair(h, invoke, c) + " " + outcome;
    }

    private static String anchor(String s) {
        return s.replaceAll("[^A-Za-z0-9_-]", "-");
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String compact(JsonNode n) {
        return n.toString();
    }

    private static String pretty(JsonNode n) {
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(n);
        } catch (IOException e) {
            return n.toString();
        }
    }

    private static String resource(String name) {
        try (InputStream in = ReportPage.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name + " next to " + ReportPage.class.getName());
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
