package dev.faultline.results;

import dev.faultline.checkers.history.History;
import dev.faultline.checkers.result.CheckResult;
import dev.faultline.checkers.result.Validity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Renders a synthetic run of N ops and prints how long it took and how big report.html is.
 * A command, not a test: {@code java -cp ... dev.faultline.results.ReportBench STORE_DIR [OPS]}.
 * Open the printed report in a browser (or see BrowserReportTest#measure) to time the page.
 */
public final class ReportBench {
    public static void main(String[] args) throws Exception {
        Path store = Path.of(args.length > 0 ? args[0] : "target/bench-store");
        int ops = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        long t0 = System.nanoTime();
        History h = SampleRuns.register(ops, 10, 7);
        Path run = Store.at(store).newRun("bench-" + ops);
        long tw = System.nanoTime();
        try (var w = dev.faultline.checkers.history.JsonlHistoryWriter.create(run.resolve("history.jsonl"))) {
            for (var op : h) w.append(op); // as the runner does during the run
        }
        long t1 = System.nanoTime();
        CheckResult result = CheckResult.compose("faultline", "synthetic", List.of(
                CheckResult.of("linearizable", Validity.VALID, "all 3 keys linearizable"),
                CheckResult.of("stats", Validity.VALID, ops + " ops")));
        RunRecord info = SampleRuns.info("bench-" + ops);
        RunReports.write(run, h, result, info);
        long t2 = System.nanoTime();
        System.out.printf("history: %,d lines, generated in %.1f s, history.jsonl (%,d bytes) written in %.1f s%n", h.size(),
                (tw - t0) / 1e9, Files.size(run.resolve("history.jsonl")), (t1 - tw) / 1e9);
        System.out.printf("reports written in %.1f s%n", (t2 - t1) / 1e9);
        System.out.printf("report.html: %,d bytes%n", Files.size(run.resolve("report.html")));
        System.out.println(run.resolve("report.html"));
    }
}
