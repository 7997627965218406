package dev.faultline.harness.spi;

import dev.faultline.checkers.result.Validity;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SelfTestCaseTest {
    private static final Duration T = Duration.ofSeconds(30);

    @Test
    void namesTheBuildAndTheNemesisCombination() {
        SelfTestCase safe = SelfTestCase.safe("register", List.of("partition", "kill"), Map.of(), 3, 6, T, T, "why");
        assertThat(safe.build()).isEqualTo("safe");
        assertThat(safe.nemesisLabel()).isEqualTo("partition+kill");
        assertThat(safe.expected()).isEqualTo(Validity.VALID);
        SelfTestCase bug = SelfTestCase.unsafe("register", "stale-read", List.of(), Map.of(), 3, 6, T, T, "why");
        assertThat(bug.build()).isEqualTo("stale-read");
        assertThat(bug.nemesisLabel()).isEqualTo("none");
        assertThat(bug.expected()).isEqualTo(Validity.INVALID);
    }

    @Test
    void aKnownUnsafeConfigurationWithoutASwitchMayExpectInvalid() {
        SelfTestCase known = new SelfTestCase("register", Set.of(), List.of("partition"), Map.of(), 3, 6, T, T, Validity.INVALID,
                "asynchronous replication loses acknowledged writes on failover");
        assertThat(known.build()).isEqualTo("known-unsafe");
        assertThat(known.expected()).isEqualTo(Validity.INVALID);
    }

    @Test
    void expectationsMustFitTheBuild() {
        assertThatThrownBy(() -> new SelfTestCase("register", Set.of("x"), List.of(), Map.of(), 3, 6, T, T, Validity.VALID, "w"))
                .hasMessageContaining("must expect invalid");
        assertThatThrownBy(() -> new SelfTestCase("register", Set.of(), List.of(), Map.of(), 3, 6, T, T, Validity.UNKNOWN, "w"))
                .hasMessageContaining("valid or invalid");
        assertThatThrownBy(() -> SelfTestCase.safe("register", List.of(), Map.of(), 0, 6, T, T, "w"))
                .hasMessageContaining("at least 1 node");
    }
}
