package dev.faultline.junit;

import dev.faultline.checkers.result.Validity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static dev.faultline.junit.FaultlineAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Real runs (local provisioner, the built-in register workload and kill nemesis) against an in-JVM target. */
class FaultlineTestTest {
    @TempDir
    Path store;

    private FaultlineTest shortRun() {
        return FaultlineTest.target(new CachingRegisterTarget())
                .workload("register").nemesis("kill")
                .nodes(3).timeLimit(Duration.ofSeconds(4)).nemesisInterval(Duration.ofSeconds(1)).seed(7)
                .provisioner("local").store(store);
    }

    @Test
    void theSafeBuildIsValidAndIsInvalidSaysWhyInWords() {
        FaultlineResult result = shortRun().run();

        assertThat(result).isValid().hasValidity(Validity.VALID);
        org.assertj.core.api.Assertions.assertThat(result.seed()).isEqualTo(7);
        org.assertj.core.api.Assertions.assertThat(result.report()).isRegularFile().hasFileName("report.html");
        org.assertj.core.api.Assertions.assertThat(result.runDir()).startsWith(store);
        org.assertj.core.api.Assertions.assertThat(result.counterexamples()).isEmpty();
        assertThatThrownBy(() -> assertThat(result).isInvalid()).isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("expected the checkers to find a violation, but got valid: ")
                .hasMessageContaining("seed: 7")
                .hasMessageContaining("report: " + result.report().toAbsolutePath());
    }

    @Test
    void thePlantedBugIsCaughtAndIsValidPrintsTheCounterexample() throws Exception {
        FaultlineResult result = shortRun().unsafe(CachingRegisterTarget.STALE_READS).run();

        assertThat(result).isInvalid().hasAnomalyContaining("linearizable");
        org.assertj.core.api.Assertions.assertThat(result.counterexamples()).isNotEmpty()
                .allSatisfy(c -> org.assertj.core.api.Assertions.assertThat(c).matches("read of key k\\d+ returned .*, but .* leaves .*"));
        org.assertj.core.api.Assertions.assertThat(Files.readString(result.report()))
                .contains(result.counterexamples().get(0).replaceFirst("^r", "R").replaceFirst(" \\(op #.*", ""));
        assertThatThrownBy(() -> assertThat(result).isValid()).isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("expected a valid run, but got invalid: ")
                .hasMessageContaining("\n  counterexample: read of key k")
                .hasMessageContaining("\n  anomaly: linearizable: invalid: ")
                .hasMessageContaining("\n  report: " + result.report().toAbsolutePath());
    }

    @Test
    void namesThatDoNotFitAreRefusedBeforeAnythingRuns() {
        assertThatThrownBy(() -> shortRun().workload("bank").run()).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("target caching-register does not support workload 'bank'; it supports: register");
        assertThatThrownBy(() -> shortRun().nemesis("pause").run())
                .hasMessageContaining("--nemesis pause needs a target that can be paused and resumed");
        assertThatThrownBy(() -> FaultlineTest.target("no-such-target").workload("register").run())
                .hasMessageStartingWith("unknown target 'no-such-target'");
        assertThatThrownBy(() -> FaultlineTest.target(new CachingRegisterTarget()).run()).hasMessageContaining("no workload");
        org.assertj.core.api.Assertions.assertThat(store).isEmptyDirectory();
    }
}
