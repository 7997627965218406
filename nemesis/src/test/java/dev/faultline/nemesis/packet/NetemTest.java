package dev.faultline.nemesis.packet;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NetemTest {
    @Test
    void argumentsSayExactlyWhatNetemDoes() {
        assertThat(new Netem(100, 20, 5, 1, 10).argsText())
                .isEqualTo("delay 100ms 20ms distribution normal loss 5% duplicate 1% reorder 10%");
        assertThat(new Netem(0, 0, 2.5, 0, 0).argsText()).isEqualTo("loss 2.500%");
        Netem n = new Netem(50, 0, 0, 0, 0);
        assertThat(Netem.fromValue(n.toValue())).isEqualTo(n);
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> new Netem(0, 0, 0, 0, 0)).hasMessageContaining("does nothing");
        assertThatThrownBy(() -> new Netem(0, 0, 1, 0, 5)).hasMessageContaining("reorder-pct needs a delay");
        assertThatThrownBy(() -> new Netem(10, 20, 0, 0, 0)).hasMessageContaining("jitter-ms");
        assertThatThrownBy(() -> new Netem(10, 0, 101, 0, 0)).hasMessageContaining("loss-pct");
        assertThatThrownBy(() -> Netem.fromValue(java.util.Map.of("delay-ms", "x"))).hasMessageContaining("must be a number");
    }
}
