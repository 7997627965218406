package dev.faultline.results;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.Op;
import dev.faultline.checkers.history.OpType;
import dev.faultline.checkers.result.CheckResult;
import dev.faultline.checkers.result.Validity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportPartsTest {

    @Test
    void partitionValuesBecomeSidesOrCutLinks() {
        assertThat(FaultWindows.describe(Map.of("n1", List.of("n3"), "n2", List.of("n3"), "n3", List.of("n1", "n2"))))
                .isEqualTo("n1,n2 | n3");
        assertThat(FaultWindows.describe(Map.of("n1", List.of("n2"), "n2", List.of()))).isEqualTo("n1 ↛ n2");
        assertThat(FaultWindows.describe(List.of("n2", "n4"))).isEqualTo("n2, n4");
        assertThat(FaultWindows.describe(List.of(List.of("n1"), List.of("n2", "n3")))).isEqualTo("n1 | n2,n3");
        assertThat(FaultWindows.describe(Map.of("n1", 3.5))).isEqualTo("n1 3.5");
        Map<String, Object> killed = new java.util.LinkedHashMap<>();
        killed.put("n1", "killed");
        killed.put("n2", "failed");
        killed.put("n3", "killed");
        assertThat(FaultWindows.describe(killed)).isEqualTo("n1,n3 killed; n2 failed");
        assertThat(FaultWindows.describe(Map.of("n2", Map.of("delta-ms", -2000L, "offset-ms", -2000L, "file", "-2.0")))).isEqualTo("n2 -2000 ms");
    }

    @Test
    void withoutDeclaredKindsFaultWindowsAreGuessedFromOpNames() {
        List<Op> ops = new ArrayList<>();
        ops.add(nemesis(OpType.INVOKE, "kill", List.of("n2"), 1_000));
        ops.add(nemesis(OpType.INFO, "kill", List.of("n2"), 2_000));
        ops.add(Op.invoke(0, "read", null, null).withTime(3_000));
        ops.add(Op.invoke(0, "read", null, null).ok(1L).withTime(4_000));
        ops.add(nemesis(OpType.INVOKE, "start", null, 5_000));
        ops.add(nemesis(OpType.INFO, "start", Map.of("n1", "started", "n2", "started"), 6_000));
        ops.add(nemesis(OpType.INFO, "bump-clock", Map.of("n1", 5000L), 7_000));
        ops.add(nemesis(OpType.INFO, "compact", null, 8_000));
        History h = History.of(ops);
        FaultWindows w = FaultWindows.of(h, OpPairs.of(h), (List<FaultKind>) null);
        assertThat(w.windows).hasSize(2);
        assertThat(w.windows.get(0)).isEqualTo(new FaultWindows.Window("kill", 1_000, 6_000, "n2", true, 0, 4));
        assertThat(w.windows.get(1).kind()).isEqualTo("clock");
        assertThat(w.windows.get(1).healed()).isFalse();
        assertThat(w.events).extracting(FaultWindows.Event::f).containsExactly("compact");
    }

    @Test
    void counterexampleIndicesCountingOnlyClientOpsAreMappedBack() {
        History h = SampleRuns.stale();
        // The same failure as the checker reports it, but numbered as if nemesis ops were removed:
        // the stale read's invocation is op 8 of the client-only history (10 in the full one).
        JsonNode detail = Json.mapper().valueToTree(Map.of("key", "k1", "invocation", 8, "linearized", List.of(0, 2, 5),
                "statesBefore", List.of("4")));
        Counterexample c = Counterexample.parse("linearizable", detail, h);
        assertThat(c.failing()).isEqualTo(10);
        assertThat(c.prefix()).containsExactly(0, 2, 7);
        assertThat(c.sentence()).isEqualTo("read of key k1 returned 3, but every linearization of the 3 ops before it leaves 4");
    }

    @Test
    void historiesWithoutTimesArePlacedByIndex() {
        Op r = new Op(-1, -1, 0, OpType.INVOKE, "read", null, null, null);
        History h = History.of(List.of(r, r.ok(2L), new Op(-1, -1, 1, OpType.INVOKE, "write", null, 2L, null),
                new Op(-1, -1, 1, OpType.INVOKE, "write", null, 2L, null).ok(2L)));
        String html = ReportPage.render(Path.of("store/t/20260101T000000.000"), h, CheckResult.of("linearizable", Validity.VALID, "ok"),
                RunRecord.named("imported"));
        assertThat(html).contains("ops are placed by index", "\"realTime\":false");
    }

    @Test
    void theRunsClientTimeoutIsAmongItsFacts() {
        Op r = new Op(-1, -1, 0, OpType.INVOKE, "read", null, null, null);
        String html = ReportPage.render(Path.of("store/t/20260101T000000.000"), History.of(List.of(r, r.ok(2L))),
                CheckResult.of("linearizable", Validity.VALID, "ok"), SampleRuns.info("register"));
        assertThat(html).contains("<dt>client timeout</dt><dd>5.0 s (an op unanswered this long is info)</dd>");
        assertThat(ReportPage.render(Path.of("store/t/20260101T000000.000"), History.of(List.of(r, r.ok(2L))),
                CheckResult.of("linearizable", Validity.VALID, "ok"), RunRecord.named("imported"))).doesNotContain("client timeout");
    }

    @Test
    void throughputBucketsAreRoundAndFew() {
        assertThat(ReportData.niceBucket(0, true)).isEqualTo(10_000_000L);
        assertThat(ReportData.niceBucket(60_000_000_000L, true)).isEqualTo(200_000_000L);
        assertThat(ReportData.niceBucket(3_600_000_000_000L, true)).isEqualTo(10_000_000_000L);
    }

    private static Op nemesis(OpType type, String f, Object value, long time) {
        return new Op(-1, time, Op.NEMESIS, type, f, null, value, null);
    }

    @Test
    void multiLineExplanationsRenderAsWrittenInTheEvidence() {
        JsonNode d = Json.mapper().valueToTree(List.of(Map.of("type", "G-single",
                "explanation", "T1 < T2 < T1, a cycle.\n  Let:\n    T1 = process 0, ok: [r x []]")));
        StringBuilder out = new StringBuilder();
        LinkedJson.render(d, out, new java.util.TreeSet<>(), 10_000);
        assertThat(out.toString()).contains("a cycle.\n").contains("  Let:\n").contains("    T1 = process 0").doesNotContain("\\n");
    }
}
