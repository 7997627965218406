package dev.faultline.results;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.checkers.bench.SyntheticTxnHistories;
import dev.faultline.checkers.history.History;
import dev.faultline.checkers.result.CheckResult;
import dev.faultline.checkers.result.Validity;
import dev.faultline.checkers.txn.ConsistencyModel;
import dev.faultline.checkers.txn.TxnChecker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TxnCycleSvgTest {
    @TempDir Path store;

    private static JsonNode anomaly(String type, List<String> txns, List<String> edges, String explanation) {
        return Json.mapper().valueToTree(Map.of("type", type, "txns", txns, "edges", edges, "explanation", explanation));
    }

    @Test
    void eachEdgeIsALabelledArrowWithItsEvidenceAndEachTransactionLinksToItsOp() {
        JsonNode a = anomaly("G-single", List.of("T12", "T15"), List.of("rw", "wr"), """
                T12 < T15 < T12, a cycle.
                  Let:
                    T12 = process 1, ok: [r x []] [r y [1]]
                    T15 = process 2, ok: [append x 1] [append y 1]
                  Then:
                    T12 < T15 (rw), because T12 read key x = [], which did not include T15's append of 1.
                    However, T15 < T12 (wr), because T12 read key y = [1], observing T15's append of 1: a contradiction.""");
        TreeSet<Integer> referenced = new TreeSet<>();
        String svg = TxnCycleSvg.render(a, "c1", referenced);
        assertThat(Pattern.compile("<path d=\"M[^\"]* Q").matcher(svg).results().count()).as("one arrow per edge").isEqualTo(2);
        assertThat(svg).contains("class=\"edge rw\"", "class=\"edge wr\"", ">rw</text>", ">wr</text>", "marker-end=\"url(#c1-rw)\"", "id=\"c1-wr\"")
                .contains("<title>T12 &lt; T15 (rw), because T12 read key x = [], which did not include T15&#39;s append of 1.</title>")
                .contains("<title>T15 &lt; T12 (wr), because T12 read key y = [1], observing T15&#39;s append of 1: a contradiction.</title>")
                .contains("href=\"#op-12\"", "href=\"#op-15\"", "<title>T12 = process 1, ok: [r x []] [r y [1]]</title>");
        assertThat(referenced).containsExactly(12, 15);
    }

    @Test
    void onlyCyclesWithKnownEdgeTypesAreDrawn() {
        assertThat(TxnCycleSvg.drawable(anomaly("G0", List.of("T1", "T2", "T3"), List.of("ww", "ww", "realtime"), ""))).isTrue();
        assertThat(TxnCycleSvg.drawable(anomaly("G1a", List.of("T1", "T2"), List.of(), "aborted read"))).isFalse();
        assertThat(TxnCycleSvg.drawable(anomaly("G0", List.of("T1", "T2"), List.of("ww"), ""))).as("one edge per transaction").isFalse();
        assertThat(TxnCycleSvg.drawable(anomaly("G0", List.of("T1", "T2"), List.of("ww", "xx"), ""))).isFalse();
        assertThat(TxnCycleSvg.drawable(Json.mapper().valueToTree(Map.of("type", "G1b", "txns", List.of("T1", "T2"))))).isFalse();
    }

    @Test
    void theReportDrawsTheCyclesOfATransactionalCheckNextToTheirWords() throws Exception {
        History h = SyntheticTxnHistories.listAppend(7, 2_000, 10, true);
        CheckResult txn = new TxnChecker(TxnChecker.Workload.LIST_APPEND, ConsistencyModel.SERIALIZABLE).check(h);
        assertThat(txn.validity()).isEqualTo(Validity.INVALID);
        Path run = Store.at(store).newRun("list-append");
        RunReports.write(run, h, CheckResult.compose("faultline", txn.summary(), List.of(txn)), SampleRuns.info("list-append"));
        String html = Files.readString(run.resolve("report.html"));
        int words = html.indexOf("a cycle.");
        int figure = html.indexOf("<figure class=\"txn-cycle\">");
        assertThat(words).as("the explanation in words").isPositive();
        assertThat(figure).as("the cycle drawn").isGreaterThan(words);
        assertThat(html.substring(figure)).contains("class=\"edge rw\"", ">rw</text>", "href=\"#op-", "<figcaption>G-single: T");
        // results.json keeps the edges, so a report rendered again from the run directory draws the cycle too
        JsonNode stored = Json.mapper().readTree(run.resolve("results.json").toFile());
        assertThat(stored.toString()).contains("\"edges\":[\"");
    }
}
