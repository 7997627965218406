package dev.faultline.harness.run;

import dev.faultline.results.HostClock;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The watch's logic fed by two clocks the test advances: one sample per 250 ms of monotonic time. */
class HostClockWatchTest {
    private static final long START_NANOS = 7_000_000_000L;
    private final AtomicLong mono = new AtomicLong(START_NANOS);
    private final AtomicLong wall = new AtomicLong(1_700_000_000_000L);
    private final HostClockWatch watch = new HostClockWatch(wall::get, mono::get, START_NANOS);

    /** Both clocks advance 250 ms, the wall clock {@code extraMillis} more; then a sample. */
    private void tick(long extraMillis) {
        mono.addAndGet(250_000_000L);
        wall.addAndGet(250 + extraMillis);
        watch.sample();
    }

    @Test
    void aForwardStepIsReportedWithItsTimeAndSize() {
        watch.sample();
        for (int i = 0; i < 53; i++) tick(0);
        tick(1900);
        for (int i = 0; i < 10; i++) tick(0);

        HostClock seen = watch.seen();
        assertThat(seen.steps()).containsExactly(new HostClock.Step(13.5, 1900));
        assertThat(seen.driftMs()).isEqualTo(1900);
        assertThat(seen.warning()).isEqualTo("warning: the host's wall clock stepped +1,900 ms at 13.5 s "
                + "(not injected by Faultline; wall-clock leases and TTLs on the nodes saw it)");
    }

    @Test
    void aSampleDescheduledBetweenItsReadsIsDroppedNotTakenForAStep() {
        long[] monoReads = {START_NANOS, START_NANOS, 250_000_000L + START_NANOS, 250_000_000L + START_NANOS,
                // stalled 300 ms after the first monotonic read, before the wall read
                500_000_000L + START_NANOS, 800_000_000L + START_NANOS,
                1_050_000_000L + START_NANOS, 1_050_000_000L + START_NANOS};
        long[] wallReads = {1_000, 1_250, 1_800, 2_050};
        int[] m = {0};
        int[] w = {0};
        HostClockWatch stalled = new HostClockWatch(() -> wallReads[w[0]++], () -> monoReads[m[0]++], START_NANOS);
        for (int i = 0; i < 4; i++) stalled.sample();
        assertThat(stalled.seen().steps()).as("without the check: +300 ms, then -300 ms").isEmpty();
        assertThat(stalled.seen().driftMs()).isZero();
    }

    @Test
    void aSlowDriftIsNoStepButShowsInTheDrift() {
        watch.sample();
        for (int i = 0; i < 400; i++) {
            mono.addAndGet(250_000_000L);
            wall.addAndGet(250);
            if (i % 2 == 1) wall.incrementAndGet(); // 0.5 ms per sample
            watch.sample();
        }
        HostClock seen = watch.seen();
        assertThat(seen.steps()).isEmpty();
        assertThat(seen.driftMs()).isEqualTo(200);
        assertThat(seen.warning()).isNull();
    }

    @Test
    void aBackwardStepIsNegativeAndChangesUnderTheThresholdAreNot() {
        watch.sample();
        tick(50);
        tick(-50);
        tick(-51);
        tick(0);
        HostClock seen = watch.seen();
        assertThat(seen.steps()).containsExactly(new HostClock.Step(0.75, -51));
        assertThat(seen.driftMs()).isEqualTo(-51);
        assertThat(seen.warning()).contains("stepped -51 ms at 0.8 s");
    }

    @Test
    void theRecordedStepsAreCappedAndTheRestCounted() {
        watch.sample();
        for (int i = 0; i < HostClockWatch.MAX_STEPS + 20; i++) tick(i % 2 == 0 ? 100 : -100);
        HostClock seen = watch.seen();
        assertThat(seen.steps()).hasSize(HostClockWatch.MAX_STEPS);
        assertThat(seen.moreSteps()).isEqualTo(20);
        assertThat(seen.stepCount()).isEqualTo(HostClockWatch.MAX_STEPS + 20);
        assertThat(seen.warning()).contains("stepped 120 times: +100 ms at 0.3 s, -100 ms at 0.5 s, +100 ms at 0.8 s, …");
    }

    @Test
    void theSystemWatchSamplesUntilStoppedAndStopsOnce() {
        HostClockWatch system = HostClockWatch.start(System.nanoTime());
        HostClock seen = system.stop();
        assertThat(seen.sampleMillis()).isEqualTo(HostClockWatch.SAMPLE_MILLIS);
        assertThat(system.stop()).as("a second stop takes no further sample").isEqualTo(seen);
        system.close();
    }
}
