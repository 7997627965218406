package dev.faultline.targets.twopc;

import dev.faultline.checkers.result.Validity;
import dev.faultline.harness.spi.SelfTestCase;
import dev.faultline.harness.spi.TestOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ThreepcTargetTest {
    private static TestOptions options(Set<String> unsafe) {
        return new TestOptions("t", ThreepcTarget.NAME, "bank", List.of(), 3, 5, Duration.ofSeconds(10), Duration.ofSeconds(5), 1,
                unsafe, Map.of());
    }

    @Test
    void everyServerRunsThreePhaseCommit() {
        TwopcSettings s = TwopcSettings.of(options(Set.of()), true);
        assertThat(String.join(" ", s.coordinatorArgs())).contains("--protocol 3pc");
        assertThat(String.join(" ", s.participantArgs())).contains("--protocol 3pc");
        assertThat(String.join(" ", TwopcSettings.of(options(Set.of())).coordinatorArgs())).doesNotContain("--protocol");
    }

    @Test
    void twoPhaseCommitsPlantedBugsAreRefused() {
        assertThatThrownBy(() -> TwopcSettings.of(options(Set.of("unilateral-abort")), true))
                .hasMessageContaining("threepc-bank has no planted bugs");
    }

    @Test
    void selfTestsContrastCrashesWithPartitions() {
        List<SelfTestCase> cases = new ThreepcTarget().selfTests();
        assertThat(cases).extracting(SelfTestCase::build).containsExactly("safe", "known-unsafe");
        assertThat(cases.get(0).nemeses()).containsExactly("kill");
        assertThat(cases.get(1).nemeses()).containsExactly("partition");
        assertThat(cases.get(1).expected()).isEqualTo(Validity.INVALID);
        // The partition case widens the window with the 3PC test hook, which 2PC refuses.
        assertThat(cases.get(1).params()).containsKey("twopc-bank.debug-delay-before-precommit-ms");
        TwopcSettings s = TwopcSettings.of(new TestOptions("t", ThreepcTarget.NAME, "bank", cases.get(1).nemeses(), 3, 10,
                cases.get(1).timeLimit(), cases.get(1).nemesisInterval(), 1, Set.of(), cases.get(1).params()), true);
        assertThat(s.coordinatorArgs()).containsSubsequence("--debug-delay-before-precommit-ms", "1000");
        assertThat(s.participantArgs()).containsSubsequence("--query-timeout-ms", "500");
    }
}
