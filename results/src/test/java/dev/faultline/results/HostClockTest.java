package dev.faultline.results;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.Op;
import dev.faultline.checkers.history.OpType;
import dev.faultline.checkers.result.CheckResult;
import dev.faultline.checkers.result.Validity;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostClockTest {
    @TempDir
    Path tmp;

    private static final HostClock STEPPED = new HostClock(List.of(new HostClock.Step(13.5, 1890), new HostClock.Step(20.25, -60)),
            0, 1905 - 60 + 15, 250, 50);

    private static CheckResult run(CheckResult workload, HostClock clock) {
        return CheckResult.compose(CheckTree.RUN_ROOT, workload.summary(), List.of(workload, clock.result()));
    }

    @Test
    void theBlockIsWrittenToResultsJsonAndReadBack() {
        Path file = tmp.resolve("results.json");
        ResultsFile.write(file, run(CheckResult.of("linearizable", Validity.INVALID, "not linearizable"), STEPPED));

        CheckResult read = ResultsFile.read(file);
        assertThat(HostClock.in(read)).isEqualTo(STEPPED);
        assertThat(HostClock.in(read).warning()).isEqualTo("warning: the host's wall clock stepped 2 times: +1,890 ms at 13.5 s, "
                + "-60 ms at 20.3 s (not injected by Faultline; wall-clock leases and TTLs on the nodes saw it)");
        assertThat(read.children().get(1).checker()).isEqualTo(HostClock.CHECKER);
        assertThat(read.children().get(1).validity()).isEqualTo(Validity.VALID);
    }

    @Test
    void itNeverChangesTheVerdict() {
        assertThat(run(CheckResult.of("linearizable", Validity.VALID, "ok"), STEPPED).validity()).isEqualTo(Validity.VALID);
        assertThat(run(CheckResult.of("linearizable", Validity.INVALID, "no"), STEPPED).validity()).isEqualTo(Validity.INVALID);
    }

    @Test
    void aStepIsAmongTheReportsFactsAndAQuietClockIsNot() {
        Op r = new Op(-1, -1, 0, OpType.INVOKE, "read", null, null, null);
        History h = History.of(List.of(r, r.ok(2L)));
        CheckResult ok = CheckResult.of("linearizable", Validity.VALID, "ok");
        Path dir = Path.of("store/t/20260101T000000.000");
        String html = ReportPage.render(dir, h, run(ok, STEPPED), SampleRuns.info("register"));
        assertThat(html).contains("<dt>host clock</dt>").contains("stepped 2 times: +1,890 ms at 13.5 s");
        HostClock quiet = new HostClock(List.of(), 0, 3, 250, 50);
        assertThat(quiet.warning()).isNull();
        assertThat(ReportPage.render(dir, h, run(ok, quiet), SampleRuns.info("register"))).doesNotContain("<dt>host clock</dt>");
    }
}
