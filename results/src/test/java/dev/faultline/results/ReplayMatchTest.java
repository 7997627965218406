package dev.faultline.results;

import dev.faultline.checkers.history.History;
import dev.faultline.checkers.result.CheckResult;
import dev.faultline.checkers.result.Validity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplayMatchTest {
    @TempDir
    Path tmp;

    private RecordedSchedule recorded(long shiftMs, String strobeError) {
        return RecordedSchedule.of(tmp, SampleRuns.clockInfo("lock-lock"), SampleRuns.clock(shiftMs, strobeError));
    }

    @Test
    void theScheduleIsTheMainPhasesNemesisOpsWithOffsetsFromItsStart() {
        RecordedSchedule s = recorded(0, null);
        assertThat(s.mainStart()).isEqualTo(1_000_000_000L);
        assertThat(s.faults()).extracting(f -> f.invocation().f())
                .containsExactly("bump-clock", "strobe-clock", "reset-clock", "check-clock"); // not the heal after the main phase
        assertThat(s.faults()).extracting(RecordedSchedule.Fault::offset)
                .containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(6), Duration.ofSeconds(7));
        assertThat(s.faults().get(0).nodes(s.nodes())).containsExactly("n1");
        assertThat(s.faults().get(1).nodes(s.nodes())).containsExactly("n1", "n2", "n3");
        assertThat(s.faults().get(0).error()).isNull();
    }

    @Test
    void aReplayOnTimeMatchesEveryOp() {
        ReplayMatch.Detail d = ReplayMatch.compare(recorded(0, null), recorded(120, null));
        assertThat(d.planned()).isEqualTo(4);
        assertThat(d.replayed()).isEqualTo(4);
        assertThat(d.matched()).isEqualTo(4);
        assertThat(d.medianLateMs()).isEqualTo(120);
        assertThat(d.ops()).extracting(ReplayMatch.Row::outcome).containsOnly("same");
        assertThat(ReplayMatch.summary(d)).isEqualTo("replayed 4 of 4 recorded fault ops, 4 as recorded; start offsets off by 120 ms median, 120 ms at most");
    }

    @Test
    void lateAndFailedOpsAreNamed() {
        CheckResult r = ReplayMatch.check(recorded(0, null), SampleRuns.clock(900, "n3: no such file"));
        assertThat(r.validity()).as("the match informs; it is no verdict on the system").isEqualTo(Validity.VALID);
        ReplayMatch.Detail d = (ReplayMatch.Detail) r.detail();
        assertThat(d.ops()).extracting(ReplayMatch.Row::outcome).containsExactly("off-time", "failed", "off-time", "off-time");
        ReplayMatch.Row strobe = d.ops().get(1);
        assertThat(strobe.plannedS()).isEqualTo(4.0);
        assertThat(strobe.actualS()).isEqualTo(4.9);
        assertThat(strobe.lateMs()).isEqualTo(900);
        assertThat(strobe.actualNodes()).containsExactly("n1", "n2");
        assertThat(strobe.actualError()).isEqualTo("n3: no such file");
        assertThat(r.summary()).contains("0 as recorded", "3 off-time", "1 failed");
    }

    @Test
    void aFaultThatHitAnotherNodeIsNamed() {
        // the bump went to n2 this time: same op, same value sent, another node reached
        History h = History.of(SampleRuns.clock(0, null).ops().stream().map(o -> o.f().equals("bump-clock") && !o.isInvoke()
                ? o.withValue(java.util.Map.of("n2", java.util.Map.of("delta-ms", -1370L, "offset-ms", -1370L, "file", "-1.370"))) : o).toList());
        ReplayMatch.Detail d = ReplayMatch.compare(recorded(0, null), RecordedSchedule.of(tmp, SampleRuns.clockInfo("x"), h));
        assertThat(d.ops()).extracting(ReplayMatch.Row::outcome).containsExactly("other-effect", "same", "same", "same");
        // same node, another offset (the node's clock had another offset before): also another effect
        h = History.of(SampleRuns.clock(0, null).ops().stream().map(o -> o.f().equals("bump-clock") && !o.isInvoke()
                ? o.withValue(java.util.Map.of("n1", java.util.Map.of("delta-ms", -1370, "offset-ms", -2370, "file", "-2.370"))) : o).toList());
        d = ReplayMatch.compare(recorded(0, null), RecordedSchedule.of(tmp, SampleRuns.clockInfo("x"), h));
        assertThat(d.ops().get(0).outcome()).isEqualTo("other-effect");
        // Integer and Long of the same value are the same effect (a value read back from JSON against a nemesis's own)
        h = History.of(SampleRuns.clock(0, null).ops().stream().map(o -> o.f().equals("bump-clock") && !o.isInvoke()
                ? o.withValue(java.util.Map.of("n1", java.util.Map.of("delta-ms", -1370, "offset-ms", -1370, "file", "-1.370"))) : o).toList());
        d = ReplayMatch.compare(recorded(0, null), RecordedSchedule.of(tmp, SampleRuns.clockInfo("x"), h));
        assertThat(d.ops().get(0).outcome()).isEqualTo("same");
    }

    @Test
    void aReplayCutShortLeavesOpsNotReplayed() {
        History cut = History.of(SampleRuns.clock(0, null).ops().stream().filter(o -> o.time() < 6_800_000_000L).toList());
        ReplayMatch.Detail d = ReplayMatch.compare(recorded(0, null), RecordedSchedule.of(tmp, SampleRuns.clockInfo("x"), cut));
        assertThat(d.ops()).extracting(ReplayMatch.Row::outcome).containsExactly("same", "same", "not-replayed", "not-replayed");
    }

    @Test
    void readingARunDirectoryNamesWhatIsMissing() throws Exception {
        assertThatThrownBy(() -> RecordedSchedule.read(tmp.resolve("nope"))).hasMessageContaining("nope: not a run directory");
        assertThatThrownBy(() -> RecordedSchedule.read(tmp)).hasMessageContaining("test.json: missing");
        SampleRuns.clockInfo("lock-lock").write(tmp.resolve("test.json"));
        assertThatThrownBy(() -> RecordedSchedule.read(tmp)).hasMessageContaining("history.jsonl: missing");
        SampleRuns.writeJsonl(SampleRuns.clock(0, null), tmp.resolve("history.jsonl"));
        RecordedSchedule s = RecordedSchedule.read(tmp);
        assertThat(s.faults()).hasSize(4);
        assertThat(s.faults().get(0).invocation().value()).isEqualTo(java.util.Map.of("targets", "one", "delta-ms", -1370L));
        RunRecord.checked("x", tmp.resolve("h.edn"), "register", null, null).write(tmp.resolve("test.json"));
        assertThatThrownBy(() -> RecordedSchedule.read(tmp)).hasMessageContaining("not a run: nothing to replay");
        Files.writeString(tmp.resolve("test.json"), "{\"name\":\"x\",\"status\":\"completed\",\"target\":\"lock\"}");
        assertThatThrownBy(() -> RecordedSchedule.read(tmp)).hasMessageContaining("field workload is missing");
    }

    @Test
    void clockSeriesFollowsEachNodesOffsetFromTheNemesisRecords() {
        ClockSeries c = ClockSeries.of(SampleRuns.clock(0, null));
        assertThat(c.nodes()).containsExactly("n1", "n2", "n3");
        assertThat(c.points().get("n1")).extracting(ClockSeries.Point::offsetMs).containsExactly(-1370L, -1370L, 0L, 0L);
        assertThat(c.points().get("n1").get(0).time()).isEqualTo(3_100_000_000L);
        assertThat(c.strobes()).hasSize(3);
        assertThat(c.strobes().get(0)).isEqualTo(new ClockSeries.Strobe("n1", 5_000_000_000L, 6_600_000_000L, -1370, 630));
        assertThat(ClockSeries.of(SampleRuns.register(200, 3, 1)).isEmpty()).as("no clock records, no plot").isTrue();
        assertThat(List.of()).isEmpty();
    }
}
