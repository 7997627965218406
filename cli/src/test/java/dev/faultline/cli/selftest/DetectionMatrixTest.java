package dev.faultline.cli.selftest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.checkers.result.Validity;
import dev.faultline.harness.spi.SelfTestCase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Rendering and exit logic of the detection matrix, on hand-made results (no runs). */
class DetectionMatrixTest {
    @TempDir
    Path store;

    private static SelfTestCase safe(String... nemeses) {
        return SelfTestCase.safe("register", List.of(nemeses), Map.of(), 3, 6, Duration.ofSeconds(30), Duration.ofSeconds(4),
                "safe under " + String.join("+", nemeses));
    }

    private static SelfTestCase bug(String name, String... nemeses) {
        return SelfTestCase.unsafe("register", name, List.of(nemeses), Map.of(), 3, 6, Duration.ofSeconds(30),
                Duration.ofSeconds(4), name + " <caught> & shown");
    }

    private Path run(String name) throws Exception {
        return Files.createDirectories(store.resolve(name).resolve("20261123T104527.046"));
    }

    private SelftestResult got(String target, SelfTestCase c, Validity actual) throws Exception {
        return SelftestResult.completed(target, c, actual, run("selftest-" + target + "-" + c.build() + "-" + c.nemesisLabel()),
                "checker says " + actual.wireName(), 7, 41.6);
    }

    private List<SelftestResult> allAsExpected() throws Exception {
        List<SelftestResult> r = new ArrayList<>();
        r.add(got("raft-kv", safe("partition"), Validity.VALID));
        r.add(got("raft-kv", safe("kill"), Validity.VALID));
        r.add(got("raft-kv", bug("stale-read", "partition"), Validity.INVALID));
        r.add(got("lock", safe("partition", "kill"), Validity.VALID));
        r.add(got("lock", bug("no-fencing", "pause"), Validity.INVALID));
        return r;
    }

    @Test
    void cellsCompareTheVerdictWithTheExpectation() throws Exception {
        assertThat(got("t", safe("kill"), Validity.VALID).cell()).isEqualTo(SelftestResult.Cell.VALID);
        assertThat(got("t", safe("kill"), Validity.INVALID).cell()).isEqualTo(SelftestResult.Cell.FALSE_ALARM);
        assertThat(got("t", safe("kill"), Validity.UNKNOWN).cell()).isEqualTo(SelftestResult.Cell.UNKNOWN);
        assertThat(got("t", bug("b", "kill"), Validity.INVALID).cell()).isEqualTo(SelftestResult.Cell.CAUGHT);
        assertThat(got("t", bug("b", "kill"), Validity.VALID).cell()).isEqualTo(SelftestResult.Cell.MISSED);
        assertThat(got("t", bug("b", "kill"), Validity.UNKNOWN).cell()).isEqualTo(SelftestResult.Cell.UNKNOWN);
        assertThat(SelftestResult.crashed("t", safe("kill"), null, "boom", 1, 2).cell()).isEqualTo(SelftestResult.Cell.CRASHED);
        assertThat(SelftestResult.Cell.CAUGHT.label()).isEqualTo("caught ✓");
        assertThat(SelftestResult.Cell.MISSED.label()).isEqualTo("MISSED ✗");
        assertThat(SelftestResult.Cell.FALSE_ALARM.label()).isEqualTo("FALSE ALARM ✗");
        assertThat(SelftestResult.Cell.UNKNOWN.label()).isEqualTo("unknown ?");
    }

    @Test
    void rowsAreTargetAndBuildColumnsAreNemesisCombinationsInRunOrder() throws Exception {
        DetectionMatrix m = new DetectionMatrix(allAsExpected(), Map.of("raft-kv", Set.of("commit-old-term")));
        assertThat(m.rows()).containsExactly("raft-kv safe", "raft-kv stale-read", "lock safe", "lock no-fencing");
        assertThat(m.columns()).containsExactly("partition", "kill", "partition+kill", "pause");
        assertThat(m.cell("raft-kv stale-read", "partition")).singleElement()
                .extracting(SelftestResult::cell).isEqualTo(SelftestResult.Cell.CAUGHT);
        assertThat(m.cell("raft-kv stale-read", "kill")).isEmpty();
        assertThat(m.exitCode()).isEqualTo(0);

        String text = m.toText();
        assertThat(text).contains("raft-kv stale-read | caught ✓ [3]").contains("valid ✓ [1]").contains("valid ✓ [4]")
                .contains("caught ✓ [5]")
                .contains("run: " + store.resolve("selftest-raft-kv-stale-read-partition/20261123T104527.046"))
                .contains("Planted bugs with no self-test case: raft-kv: commit-old-term")
                .contains("5 of 5 runs as expected -> exit 0");
        // every table line has a cell for every column
        List<String> table = text.lines().skip(2).takeWhile(l -> !l.isBlank()).toList();
        assertThat(table).hasSize(2 + 4);
        for (String line : table.subList(2, table.size())) assertThat(line.split(" \\| ", -1).length).isLessThanOrEqualTo(5);
        assertThat(table.get(0).indexOf("| partition")).isEqualTo(table.get(2).indexOf("| valid"));
    }

    @Test
    void aMissedBugAFalseAlarmOrAnUnknownVerdictExitsOne() throws Exception {
        for (SelftestResult bad : List.of(got("raft-kv", bug("stale-read", "partition"), Validity.VALID),
                got("raft-kv", safe("pause"), Validity.INVALID), got("raft-kv", safe("clock"), Validity.UNKNOWN))) {
            List<SelftestResult> r = allAsExpected();
            r.add(bad);
            DetectionMatrix m = new DetectionMatrix(r, Map.of());
            assertThat(m.exitCode()).as(bad.cell().name()).isEqualTo(1);
            assertThat(m.toText()).contains(bad.cell().label() + " [6]").contains("case: " + bad.testCase().why())
                    .contains("5 of 6 runs as expected, 1 " + bad.cell().wireName() + " -> exit 1");
        }
        List<SelftestResult> r = allAsExpected();
        r.set(2, got("raft-kv", bug("stale-read", "partition"), Validity.VALID));
        assertThat(new DetectionMatrix(r, Map.of()).toText()).contains("raft-kv stale-read | MISSED ✗ [3]");
    }

    @Test
    void aRunNotAsExpectedShowsThatTheHostClockStepped() throws Exception {
        String warning = "warning: the host's wall clock stepped +1,890 ms at 13.5 s (not injected by Faultline; "
                + "wall-clock leases and TTLs on the nodes saw it)";
        List<SelftestResult> r = allAsExpected();
        r.set(3, got("lock", safe("partition", "kill"), Validity.INVALID).withHostClockWarning(warning));
        r.set(4, r.get(4).withHostClockWarning("warning: the host's wall clock stepped -70 ms at 2.0 s (as expected)"));
        String text = new DetectionMatrix(r, Map.of()).toText();
        assertThat(text).contains("FALSE ALARM ✗ [4]").contains("    " + warning + "\n")
                .as("a run as expected is not listed, nor its warning").doesNotContain("as expected)");
        SelftestFiles.write(store, new DetectionMatrix(r, Map.of()), Map.of(), Instant.EPOCH, Instant.EPOCH.plusSeconds(1));
        JsonNode cases = new ObjectMapper().readTree(store.resolve("selftest.json").toFile()).get("cases");
        assertThat(cases.get(3).get("hostClockWarning").asText()).isEqualTo(warning);
        assertThat(cases.get(0).get("hostClockWarning").isNull()).isTrue();
    }

    @Test
    void aCrashedRunExitsThreeEvenWhenOthersWereMissed() throws Exception {
        List<SelftestResult> r = allAsExpected();
        r.add(got("raft-kv", bug("stale-read", "partition"), Validity.VALID));
        r.add(SelftestResult.crashed("lock", safe("clock"), run("crashed"), "setup failed: n2 did not answer", 9, 12));
        DetectionMatrix m = new DetectionMatrix(r, Map.of());
        assertThat(m.exitCode()).isEqualTo(3);
        assertThat(m.toText()).contains("CRASHED ! [7]").contains("setup failed: n2 did not answer").contains("got a crash");
        List<SelftestResult> interrupted = allAsExpected();
        interrupted.add(SelftestResult.interrupted("lock", safe("clock"), run("int"), 9, 3));
        assertThat(new DetectionMatrix(interrupted, Map.of()).exitCode()).isEqualTo(3);
    }

    @Test
    void skippedCasesAreShownButDoNotFailTheMatrix() throws Exception {
        List<SelftestResult> r = allAsExpected();
        r.add(SelftestResult.skipped("raft-kv", safe("packet"), "needs network faults [packet]"));
        DetectionMatrix m = new DetectionMatrix(r, Map.of());
        assertThat(m.exitCode()).isEqualTo(0);
        assertThat(m.toText()).contains("skipped - [6]").contains("5 of 5 runs as expected, 1 skipped");
    }

    @Test
    void severalCasesInOneCellAreAllShown() throws Exception {
        List<SelftestResult> r = allAsExpected();
        r.add(got("raft-kv", safe("partition"), Validity.INVALID));
        DetectionMatrix m = new DetectionMatrix(r, Map.of());
        assertThat(m.cell("raft-kv safe", "partition")).hasSize(2);
        assertThat(m.toText()).contains("valid ✓ [1] / FALSE ALARM ✗ [6]");
    }

    @Test
    void repeatedCasesShowRatesFalseAlarmsAndTheMedianTimeToTheFirstAnomaly() throws Exception {
        SelfTestCase bug = bug("stale-read", "partition");
        SelfTestCase safe = safe("partition");
        List<SelftestResult> r = new ArrayList<>();
        double[] first = {12.0, 4.0, 30.0};
        for (int round = 0; round < 4; round++) {
            r.add(got("raft-kv", safe, round == 2 ? Validity.INVALID : Validity.VALID).withFirstAnomaly(round == 2 ? 20.5 : null));
            r.add(round == 3 ? got("raft-kv", bug, Validity.VALID)
                    : got("raft-kv", bug, Validity.INVALID).withFirstAnomaly(first[round]));
        }
        DetectionMatrix m = new DetectionMatrix(r, Map.of(), 4);
        CellStats bugs = m.stats("raft-kv stale-read", "partition");
        assertThat(bugs.caught()).isEqualTo(3);
        assertThat(bugs.runs()).isEqualTo(4);
        assertThat(bugs.medianFirstAnomalySeconds()).isEqualTo(12.0);
        assertThat(m.stats("raft-kv safe", "partition").falseAlarms()).isEqualTo(1);
        String text = m.toText();
        assertThat(text).contains("every case run 4 times")
                .contains("| caught 3/4 ✗, 12.0 s")
                .contains("| valid 3/4 ✗, 1 false alarm, 20.5 s")
                .contains("[5] raft-kv safe x partition: FALSE ALARM ✗").contains("first anomalous op at 20.5 s")
                .contains("[8] raft-kv stale-read x partition: MISSED ✗")
                .doesNotContain("[1] raft-kv safe x partition")
                .contains("6 of 8 runs as expected, 1 missed, 1 false-alarm -> exit 1");
        assertThat(m.exitCode()).isEqualTo(1);

        Instant start = Instant.parse("2026-11-23T10:00:00Z");
        SelftestFiles.write(store, m, Map.of("repeat", 4), start, start.plusSeconds(60));
        JsonNode json = new ObjectMapper().readTree(store.resolve("selftest.json").toFile());
        assertThat(json.get("repeat").asInt()).isEqualTo(4);
        assertThat(json.get("cases")).hasSize(8);
        assertThat(json.get("cases").get(1).get("firstAnomalySeconds").asDouble()).isEqualTo(12.0);
        assertThat(json.get("cases").get(0).get("firstAnomalySeconds").isNull()).isTrue();
        JsonNode bugCell = json.get("cells").get(1);
        assertThat(bugCell.get("row").asText()).isEqualTo("raft-kv stale-read");
        assertThat(bugCell.get("caught").asInt()).isEqualTo(3);
        assertThat(bugCell.get("missed").asInt()).isEqualTo(1);
        assertThat(bugCell.get("runs").asInt()).isEqualTo(4);
        assertThat(bugCell.get("medianFirstAnomalySeconds").asDouble()).isEqualTo(12.0);
        assertThat(bugCell.get("label").asText()).isEqualTo("caught 3/4 ✗, 12.0 s");
        assertThat(json.get("cells").get(0).get("falseAlarms").asInt()).isEqualTo(1);
        assertThat(Files.readString(store.resolve("selftest.html"))).contains("caught 3/4 ✗, 12.0 s");
    }

    @Test
    void jsonAndHtmlGoIntoTheStoreWithRelativeLinksAndEscapedText() throws Exception {
        List<SelftestResult> r = allAsExpected();
        r.add(got("raft-kv", bug("stale-read", "pause"), Validity.VALID));
        DetectionMatrix m = new DetectionMatrix(r, Map.of("raft-kv", Set.of("vote-without-log-check")));
        Instant start = Instant.parse("2026-11-23T10:00:00Z");
        List<Path> files = SelftestFiles.write(store, m, Map.of("timeLimitScale", 0.5), start, start.plusSeconds(300));
        assertThat(files).containsExactly(store.resolve("selftest.json"), store.resolve("selftest.html"));

        JsonNode json = new ObjectMapper().readTree(store.resolve("selftest.json").toFile());
        assertThat(json.get("exitCode").asInt()).isEqualTo(1);
        assertThat(json.get("seconds").asDouble()).isEqualTo(300.0);
        assertThat(json.get("settings").get("timeLimitScale").asDouble()).isEqualTo(0.5);
        assertThat(json.get("cases")).hasSize(6);
        JsonNode missed = json.get("cases").get(5);
        assertThat(missed.get("row").asText()).isEqualTo("raft-kv stale-read");
        assertThat(missed.get("column").asText()).isEqualTo("pause");
        assertThat(missed.get("expected").asText()).isEqualTo("invalid");
        assertThat(missed.get("actual").asText()).isEqualTo("valid");
        assertThat(missed.get("cell").asText()).isEqualTo("missed");
        assertThat(missed.get("asExpected").asBoolean()).isFalse();
        assertThat(missed.get("runDir").asText()).endsWith("selftest-raft-kv-stale-read-pause/20261123T104527.046");
        assertThat(json.get("uncoveredSwitches").get("raft-kv").get(0).asText()).isEqualTo("vote-without-log-check");

        String html = Files.readString(store.resolve("selftest.html"));
        assertThat(html).startsWith("<!DOCTYPE html>").doesNotContain("<script").doesNotContain("http")
                .contains("href=\"selftest-raft-kv-stale-read-partition/20261123T104527.046/report.html\"")
                .contains("MISSED ✗ [6]").contains("class=\"bad\"")
                .contains("stale-read &lt;caught&gt; &amp; shown").doesNotContain("<caught>");
    }
}
