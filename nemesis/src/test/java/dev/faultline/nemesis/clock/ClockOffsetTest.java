package dev.faultline.nemesis.clock;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClockOffsetTest {
    @Test
    void fileTextIsAlwaysSigned() {
        assertThat(ClockOffset.ZERO.fileText()).isEqualTo("+0");
        assertThat(new ClockOffset(1500).fileText()).isEqualTo("+1.500");
        assertThat(new ClockOffset(-200).fileText()).isEqualTo("-0.200");
        assertThat(new ClockOffset(3_600_000).fileText()).isEqualTo("+3600");
        assertThat(new ClockOffset(-7).fileText()).isEqualTo("-0.007");
    }

    @Test
    void parsesWhatItWritesAndLibfaketimesRelativeForms() {
        for (long ms : new long[] {0, 1, -1, 999, -1000, 123_456, -86_400_000}) {
            ClockOffset o = new ClockOffset(ms);
            assertThat(ClockOffset.parse(o.fileText() + "\n")).isEqualTo(o);
        }
        assertThat(ClockOffset.parse("+1h").millis()).isEqualTo(3_600_000);
        assertThat(ClockOffset.parse("-2m").millis()).isEqualTo(-120_000);
        assertThat(ClockOffset.parse("+3600s").millis()).isEqualTo(3_600_000);
        assertThat(ClockOffset.parse("").millis()).isZero();
    }

    @Test
    void rejectsUnsignedAbsoluteAndRateForms() {
        assertThatThrownBy(() -> ClockOffset.parse("3600")).hasMessageContaining("not a signed relative offset");
        assertThatThrownBy(() -> ClockOffset.parse("@2030-01-01 00:00:00")).hasMessageContaining("not a signed");
        assertThatThrownBy(() -> ClockOffset.parse("+1h x1.5")).hasMessageContaining("not a signed");
        assertThatThrownBy(() -> new ClockOffset(ClockOffset.MAX_MILLIS + 1)).hasMessageContaining("10 years");
    }

    @Test
    void writeScriptRefusesUnsignedText() {
        ClockFile f = new ClockFile("/var/lib/faultline/clock");
        assertThat(f.writeScript("+1.5")).contains("'+1.5'").contains("mv -f");
        assertThatThrownBy(() -> f.writeScript("3600")).hasMessageContaining("signed");
        assertThatThrownBy(() -> new ClockFile("relative/path")).hasMessageContaining("absolute");
        assertThatThrownBy(() -> new ClockFile("/tmp/x;rm -rf /")).isInstanceOf(IllegalArgumentException.class);
    }
}
