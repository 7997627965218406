package dev.faultline.workloads.lock;

import dev.faultline.checkers.history.History;
import dev.faultline.checkers.result.CheckResult;
import dev.faultline.harness.spi.TestOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LockWorkloadOptionsTest {
    private static TestOptions options(Map<String, String> params) {
        return new TestOptions("t", "x", "lock", List.of(), 3, 6, Duration.ofSeconds(10), Duration.ofSeconds(5), 1, Set.of(), params);
    }

    @Test
    void checksDefaultToMutualExclusionAndFencingAndFencingAloneIsAChoice() {
        assertThat(LockWorkloadOptions.from(options(Map.of())).checks()).isEqualTo("all");
        assertThat(LockWorkloadOptions.from(options(Map.of("lock.checks", "fencing"))).checks()).isEqualTo("fencing");
        assertThatThrownBy(() -> LockWorkloadOptions.from(options(Map.of("lock.checks", "resource"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lock.checks must be all or fencing, was 'resource'");
    }

    @Test
    void withFencingAloneTheVerdictHasNoMutualExclusionChild() {
        CheckResult all = new LockWorkload(LockWorkloadOptions.from(options(Map.of()))).checker(null).check(History.of(List.of()));
        CheckResult fencing = new LockWorkload(LockWorkloadOptions.from(options(Map.of("lock.checks", "fencing"))))
                .checker(null).check(History.of(List.of()));
        assertThat(all.children()).extracting(CheckResult::checker).containsExactly("lock-mutual-exclusion", "lock-fencing");
        assertThat(fencing.children()).extracting(CheckResult::checker).containsExactly("lock-fencing");
        assertThat(fencing.summary()).contains("mutual exclusion (not part of the verdict)");
    }
}
