package dev.faultline.junit;

import dev.faultline.checkers.result.Validity;
import dev.faultline.harness.run.RunOutcome;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultlineResultTest {
    private static final Path RUN = Path.of("/store/t/20260101T000000.000");

    @Test
    void longListsAreCutAndPointAtTheReport() {
        List<String> many = IntStream.range(0, 7).mapToObj(i -> "read of key k" + i + " returned 1, but every linearization leaves 2").toList();
        FaultlineResult r = new FaultlineResult(RunOutcome.Status.COMPLETED, Validity.INVALID, "7 of 7 keys not linearizable",
                List.of("linearizable: invalid: 7 of 7 keys"), many, RUN, RUN.resolve("report.html"), 3, null, null);
        assertThat(r.describe()).isEqualTo("invalid: 7 of 7 keys not linearizable"
                + "\n  counterexample: read of key k0 returned 1, but every linearization leaves 2"
                + "\n  counterexample: read of key k1 returned 1, but every linearization leaves 2"
                + "\n  counterexample: read of key k2 returned 1, but every linearization leaves 2"
                + "\n  … 4 more counterexamples in the report"
                + "\n  anomaly: linearizable: invalid: 7 of 7 keys"
                + "\n  seed: 3"
                + "\n  report: /store/t/20260101T000000.000/report.html");
    }

    @Test
    void aCrashedRunIsNeitherValidNorInvalidAndSaysWhy() {
        FaultlineResult r = new FaultlineResult(RunOutcome.Status.CRASHED, Validity.UNKNOWN, "setup failed", List.of(), List.of(),
                RUN, RUN.resolve("report.html"), 3, null, "n1: nothing answered on port 8640");
        assertThatThrownBy(() -> FaultlineAssertions.assertThat(r).isValid())
                .hasMessageStartingWith("expected a valid run, but got crashed: n1: nothing answered on port 8640");
        assertThatThrownBy(() -> FaultlineAssertions.assertThat(r).isInvalid()).hasMessageContaining("but got crashed: n1");
        assertThatThrownBy(() -> FaultlineAssertions.assertThat(r).completed()).hasMessageContaining("report: /store/t/");
    }
}
