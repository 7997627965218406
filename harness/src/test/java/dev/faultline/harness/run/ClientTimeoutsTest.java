package dev.faultline.harness.run;

import dev.faultline.harness.spi.ClientOpTimeout;
import dev.faultline.harness.spi.TestOptions;
import dev.faultline.harness.spi.Workload;
import dev.faultline.harness.spi.WorkloadFactory;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The runner's client timeout: the run default, raised to what the target declares plus a quarter, unless chosen. */
class ClientTimeoutsTest {
    private static final TestOptions OPTIONS = RunnerTest.options(1, Duration.ofSeconds(1), Map.of());

    private static Duration effective(MemoryRegisterTarget target, RunSettings settings) {
        return settings.forRun(target, OPTIONS).clientTimeout();
    }

    @Test
    void aTargetDeclaring30sGetsTheRunnerWaitingLonger() {
        Duration d = effective(new RunnerTest.SlowCommitTarget(Duration.ofSeconds(30)), RunSettings.defaults());
        assertThat(d).isGreaterThanOrEqualTo(Duration.ofSeconds(30)).isEqualTo(Duration.ofMillis(37_500));
    }

    @Test
    void withoutADeclarationOrWithAShortOneTheRunDefaultHolds() {
        assertThat(effective(new MemoryRegisterTarget(), RunSettings.defaults())).isEqualTo(Duration.ofSeconds(10));
        assertThat(effective(new RunnerTest.SlowCommitTarget(Duration.ofSeconds(2)), RunSettings.defaults())).isEqualTo(Duration.ofSeconds(10));
        assertThat(effective(new RunnerTest.SlowCommitTarget(Duration.ofSeconds(8)), RunSettings.defaults())).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aChosenClientTimeoutWinsEitherWay() {
        RunSettings chosen = RunSettings.defaults().withClientTimeout(Duration.ofSeconds(5));
        assertThat(effective(new RunnerTest.SlowCommitTarget(Duration.ofSeconds(30)), chosen)).isEqualTo(Duration.ofSeconds(5));
        assertThat(effective(new MemoryRegisterTarget(), RunSettings.defaults().withClientTimeout(Duration.ofSeconds(60))))
                .isEqualTo(Duration.ofSeconds(60));
        assertThat(chosen.forRun(new RunnerTest.SlowCommitTarget(Duration.ofSeconds(30)), OPTIONS).clientTimeoutFixed()).isTrue();
    }

    @Test
    void theMarginLeavesAProtocolClientBoundAt80PercentItsDeclaredTimeout() {
        Duration declared = Duration.ofMillis(12_345);
        Duration effective = ClientTimeouts.effective(Duration.ofSeconds(10), declared);
        assertThat(effective.multipliedBy(4).dividedBy(5)).isEqualTo(declared);
        assertThat(effective.minus(declared)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aDeclarationThatCannotBeMadeFailsThePreparationBeforeAnyRunDirectoryExists() {
        MemoryRegisterTarget badParam = new BadParamTarget();
        WorkloadFactory register = new WorkloadFactory() {
            @Override
            public String name() {
                return "memory-register";
            }

            @Override
            public String description() {
                return "register on the in-memory store";
            }

            @Override
            public Workload create(TestOptions options) {
                return MemoryRegisterTarget.workload(5);
            }
        };
        TestOptions options = new TestOptions("memory", "memory-register", "memory-register", List.of(), 2, 1,
                Duration.ofSeconds(1), Duration.ofSeconds(1), 1, Set.of(), Map.of());
        assertThatThrownBy(() -> TestRun.prepare(new Registry(List.of(badParam), List.of(register), List.of()), options))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("memory.client-timeout-ms=slow");
    }

    @Test
    void aNonPositiveDeclarationIsRefused() {
        assertThatThrownBy(() -> ClientTimeouts.effective(Duration.ofSeconds(10), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be positive");
    }

    /** A plugin target whose client timeout param cannot be read. */
    private static final class BadParamTarget extends MemoryRegisterTarget implements ClientOpTimeout {
        @Override
        public Duration clientOpTimeout(TestOptions options) {
            throw new IllegalArgumentException("--param memory.client-timeout-ms=slow is not a number of ms");
        }
    }
}
