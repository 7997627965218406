package dev.faultline.results;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.checkers.bank.BankChecker;
import dev.faultline.checkers.bench.SyntheticTxnHistories;
import dev.faultline.checkers.history.History;
import dev.faultline.checkers.result.CheckResult;
import dev.faultline.checkers.result.Validity;
import dev.faultline.checkers.txn.ConsistencyModel;
import dev.faultline.checkers.txn.TxnChecker;
import dev.faultline.results.testing.Chromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens rendered reports in headless Chromium as a user would: the page must load without console
 * errors, and after its scripts ran the verdict, the counterexample and the plots must be there.
 * Screenshots land in target/screenshots/ as build artifacts.
 */
@Tag("browser")
class BrowserReportTest {
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static Chromium chromium;
    @TempDir static Path scratch;
    @TempDir static Path storeDir;

    @BeforeAll
    static void findChromium() {
        chromium = Chromium.required(scratch);
    }

    @Test
    void invalidRunShowsTheCounterexample() throws Exception {
        Path run = Store.at(storeDir).newRun("register-stale-read");
        History h = SampleRuns.stale();
        SampleRuns.writeJsonl(h, run.resolve("history.jsonl"));
        Files.createDirectories(run.resolve("nodes/n1"));
        Files.writeString(run.resolve("nodes/n1/raft-kv.log"), "node n1 started\n");
        RunReports.write(run, h, SampleRuns.staleResult(), SampleRuns.info("register-stale-read"));

        Chromium.Page page = chromium.dumpDom(run.resolve("report.html"));
        assertThat(page.console()).as("console messages").isEmpty();
        assertThat(page.dom()).as("DOM of the report after scripts ran (see target/screenshots)").contains("data-rendered=\"true\"", "Plots drawn from 8 ops")
                .containsPattern("id=\"verdict\"[^>]*>invalid<")
                .contains("Read of key k1 returned 3, but every linearization of the 3 ops before it leaves 4")
                .contains("id=\"op-10\"", "href=\"#op-10\"", "nodes/n1/raft-kv.log", "href=\"history.jsonl\"");
        chromium.screenshot(run.resolve("report.html"), SCREENSHOTS.resolve("invalid.png"), 1400, 2400);

        // A link to the failing read's completion selects that op in the timeline.
        Chromium.Page linked = chromium.dumpDom(run.resolve("report.html"), "#op-13");
        assertThat(linked.console()).as("console messages").isEmpty();
        assertThat(linked.dom()).as("DOM with #op-13 selected").contains("id=\"timeline-selected\" class=\"selected\">#10 p1 read ok — k1 → 3");
    }

    @Test
    void validRunShowsPlotsAndFaults() throws Exception {
        Path run = Store.at(storeDir).newRun("register-valid");
        History h = SampleRuns.register(3_000, 5, 1);
        CheckResult result = CheckResult.compose("faultline", "linearizable", List.of(
                CheckResult.of("linearizable", Validity.VALID, "3 keys linearizable"),
                CheckResult.of("stats", Validity.VALID, "every f had ok ops")));
        RunReports.write(run, h, result, SampleRuns.info("register-valid"));

        Chromium.Page page = chromium.dumpDom(run.resolve("report.html"));
        assertThat(page.console()).as("console messages").isEmpty();
        assertThat(page.dom()).as("DOM of the report after scripts ran (see target/screenshots)").contains("data-rendered=\"true\"").containsPattern("id=\"verdict\"[^>]*>valid<")
                .contains("n1,n2 | n3,n4,n5", "showing 0 µs").doesNotContain("Counterexample");
        chromium.screenshot(run.resolve("report.html"), SCREENSHOTS.resolve("valid.png"), 1400, 2000);
    }

    @Test
    void unknownRunNamesTheBudget() throws Exception {
        Path run = Store.at(storeDir).newRun("register-unknown");
        History h = SampleRuns.register(500, 3, 2);
        CheckResult result = CheckResult.compose("faultline", "could not decide", List.of(
                CheckResult.of("linearizable", Validity.UNKNOWN, "key k2: search budget of 1000000 states exhausted"),
                CheckResult.of("stats", Validity.VALID, "every f had ok ops")));
        RunReports.write(run, h, result, SampleRuns.info("register-unknown"));

        Chromium.Page page = chromium.dumpDom(run.resolve("report.html"));
        assertThat(page.console()).as("console messages").isEmpty();
        assertThat(page.dom()).as("DOM of the report after scripts ran (see target/screenshots)").contains("data-rendered=\"true\"").containsPattern("id=\"verdict\"[^>]*>unknown<")
                .contains("search budget of 1000000 states exhausted");
        chromium.screenshot(run.resolve("report.html"), SCREENSHOTS.resolve("unknown.png"), 1400, 1600);

        Chromium.Page index = chromium.dumpDom(storeDir.resolve("index.html"));
        assertThat(index.console()).isEmpty();
        assertThat(index.dom()).contains("register-unknown");

        // The same report served by `faultline serve`.
        try (StoreServer server = StoreServer.start(storeDir, 0)) {
            Chromium.Page served = chromium.dumpUrl(server.url() + storeDir.relativize(run).toString().replace('\\', '/') + "/report.html");
            assertThat(served.console()).as("console messages").isEmpty();
            assertThat(served.dom()).as("DOM of the served report").contains("data-rendered=\"true\"", "search budget of 1000000 states exhausted");
        }
    }

    @Test
    void bankRunPlotsTheTotalOverTime() throws Exception {
        Path run = Store.at(storeDir).newRun("bank");
        History h = SampleRuns.bank(60);
        CheckResult bank = BankChecker.withInitialBalance(List.of("a0", "a1", "a2"), 100).check(h);
        assertThat(bank.validity()).isEqualTo(Validity.INVALID);
        RunReports.write(run, h, CheckResult.compose("faultline", bank.summary(), List.of(bank)), SampleRuns.info("bank"));

        Chromium.Page page = chromium.dumpDom(run.resolve("report.html"));
        assertThat(page.console()).as("console messages").isEmpty();
        assertThat(page.dom()).as("DOM of the bank report after scripts ran").contains("data-rendered=\"true\"", "id=\"bank-canvas-0\"", "expected 300");
        chromium.screenshot(run.resolve("report.html"), SCREENSHOTS.resolve("bank.png"), 1400, 2600);
    }

    @Test
    void transactionalAnomalyShowsItsCycleDrawn() throws Exception {
        Path run = Store.at(storeDir).newRun("list-append");
        History h = SyntheticTxnHistories.listAppend(7, 2_000, 10, true);
        CheckResult txn = new TxnChecker(TxnChecker.Workload.LIST_APPEND, ConsistencyModel.SERIALIZABLE).check(h);
        assertThat(txn.validity()).isEqualTo(Validity.INVALID);
        RunReports.write(run, h, CheckResult.compose("faultline", txn.summary(), List.of(txn)), SampleRuns.info("list-append"));

        Chromium.Page page = chromium.dumpDom(run.resolve("report.html"));
        assertThat(page.console()).as("console messages").isEmpty();
        assertThat(page.dom()).as("DOM of the list-append report after scripts ran").contains("data-rendered=\"true\"", "a cycle.", "<figure class=\"txn-cycle\">",
                "class=\"edge rw\"", "<figcaption>G-single: T");
        chromium.screenshot(run.resolve("report.html"), SCREENSHOTS.resolve("txn-cycle.png"), 1400, 2600);
    }

    @Test
    void crashedRunWithNoOpsStillRenders() throws Exception {
        Path run = Store.at(storeDir).newRun("crashed");
        RunRecord info = SampleRuns.info("crashed", RunRecord.Status.CRASHED, "setup failed: n3 did not answer on port 7001 within 30 s");
        RunReports.write(run, History.of(List.of()), CheckResult.of("run", Validity.UNKNOWN, "the run crashed: setup failed"), info);

        Chromium.Page page = chromium.dumpDom(run.resolve("report.html"));
        assertThat(page.console()).as("console messages").isEmpty();
        assertThat(page.dom()).as("DOM of the crashed run's report").contains("data-rendered=\"true\"", "run crashed", "n3 did not answer");
    }

    @Test
    void clockOffsetsArePlottedUnderTheTimelineAndAReplaySaysHowCloseItCame() throws Exception {
        Path recorded = Store.at(storeDir).newRun("lock-lock");
        SampleRuns.writeJsonl(SampleRuns.clock(0, null), recorded.resolve("history.jsonl"));
        SampleRuns.clockInfo("lock-lock").write(recorded.resolve("test.json"));
        Path run = Store.at(storeDir).newRun("lock-lock");
        History h = SampleRuns.clock(900, "n3: clock file missing");
        CheckResult result = CheckResult.compose("faultline", "lock-mutual-exclusion: no two holders", List.of(
                CheckResult.of("lock-mutual-exclusion", Validity.VALID, "no two holders"),
                ReplayMatch.check(RecordedSchedule.read(recorded), h)));
        RunReports.write(run, h, result, SampleRuns.clockInfo("lock-lock"));

        Chromium.Page page = chromium.dumpDom(run.resolve("report.html"));
        assertThat(page.console()).as("console messages").isEmpty();
        assertThat(page.dom()).as("DOM of the clock report after scripts ran (see target/screenshots)").contains("data-rendered=\"true\"", "id=\"clock-canvas\"")
                .contains("n1: 4 records, −1.37 s to 0 ms; n2: 3 records, 0 ms to 0 ms; n3: 2 records, 0 ms to 0 ms; 2 strobes.")
                .contains("<h2>Replay</h2>", recorded.toString(), "replayed 4 of 4 recorded fault ops, 0 as recorded", "n3: clock file missing",
                        "class=\"replay-failed\"", "4.000 s", "4.900 s", "900 ms");
        chromium.screenshot(run.resolve("report.html"), SCREENSHOTS.resolve("clock-replay.png"), 1400, 2400);

        // a run without clock records gets no clock plot
        Path plain = Store.at(storeDir).newRun("register-plain");
        RunReports.write(plain, SampleRuns.register(300, 3, 1), CheckResult.of("linearizable", Validity.VALID, "ok"), SampleRuns.info("register-plain"));
        assertThat(chromium.dumpDom(plain.resolve("report.html")).dom()).doesNotContain("id=\"clock-canvas\"", "Clock offsets");
    }
}
