package dev.faultline.results;

import dev.faultline.checkers.history.History;
import dev.faultline.checkers.result.CheckResult;
import dev.faultline.checkers.result.Validity;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ResultTextTest {
    @Test
    void theRealCheckersCounterexampleInTheReportsWords() {
        History h = SampleRuns.stale();
        CheckResult result = SampleRuns.staleResult();
        assertThat(ResultText.counterexamples(result, h)).containsExactly(
                "read of key k1 returned 3, but every linearization of the 3 ops before it leaves 4 (op #10, linearizable)");
        assertThat(ResultText.anomalies(result)).singleElement().asString().startsWith("linearizable: invalid: ");
    }

    @Test
    void aValidResultHasNoneAndAnUnknownOneIsListed() {
        History h = SampleRuns.stale();
        assertThat(ResultText.counterexamples(CheckResult.of("linearizable", Validity.VALID, "ok"), h)).isEmpty();
        CheckResult unknown = CheckResult.compose("faultline", "gave up", List.of(CheckResult.of("stats", Validity.VALID, "fine"),
                CheckResult.of("linearizable", Validity.UNKNOWN, "search budget of 300 s ran out")));
        assertThat(ResultText.anomalies(unknown)).containsExactly("linearizable: unknown: search budget of 300 s ran out");
    }
}
