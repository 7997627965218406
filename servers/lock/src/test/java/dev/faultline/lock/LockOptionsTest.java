package dev.faultline.lock;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LockOptionsTest {
    private static LockOptions parse(String... args) {
        return LockOptions.parse(args);
    }

    @Test
    void parsesEveryFlag() {
        LockOptions o = parse("--id", "n2", "--data-dir", "/d", "--peers", "n1=a:1,n2=b:2", "--client-port", "8001",
                "--unsafe", "wall-clock-lease", "--max-ttl-ms", "5000", "--election-timeout-ms", "200-400",
                "--debug-wall-clock-offset-ms", "-3600000");
        assertThat(o.advertise()).isEqualTo("b:8001");
        assertThat(o.unsafe(LockUnsafe.WALL_CLOCK_LEASE)).isTrue();
        assertThat(o.maxTtl()).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.raftConfig().electionTimeoutMax()).isEqualTo(Duration.ofMillis(400));
        assertThat(new WallClock(o.debugWallClockOffsetMs()).millis()).isLessThan(System.currentTimeMillis() - 3_500_000);
    }

    @Test
    void rejectsBadCommandLinesNamingTheFlag() {
        assertThatThrownBy(() -> parse("--id", "n1")).hasMessageContaining("--data-dir is required");
        assertThatThrownBy(() -> parse("--id", "n3", "--data-dir", "/d", "--peers", "n1=a:1", "--client-port", "1"))
                .hasMessageContaining("does not contain --id n3");
        assertThatThrownBy(() -> parse("--id", "n1", "--data-dir", "/d", "--peers", "n1=a:1", "--client-port", "x"))
                .hasMessageContaining("--client-port");
        assertThatThrownBy(() -> parse("--unsafe", "no-fencing")).hasMessageContaining("belongs to ResourceMain");
        assertThatThrownBy(() -> parse("--election-timeout-ms", "300")).hasMessageContaining("MIN-MAX");
        assertThatThrownBy(() -> parse("--bogus", "1")).hasMessageContaining("unknown option --bogus");
        assertThatThrownBy(() -> parse("--id")).hasMessageContaining("--id needs a value");
    }
}
