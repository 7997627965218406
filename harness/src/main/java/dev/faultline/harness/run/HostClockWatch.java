package dev.faultline.harness.run;

import dev.faultline.results.HostClock;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Watches the controller's wall clock against its monotonic clock for a whole run: every
 * {@value #SAMPLE_MILLIS} ms, on a daemon thread, it samples {@code wall − monotonic}; a change by
 * more than {@value #THRESHOLD_MS} ms between two samples is a step (NTP, a VM resumed, someone's
 * {@code date -s}). Faultline's own clock faults are libfaketime offsets inside the target's
 * processes and do not move this clock. Docker nodes share the controller's kernel clock; SSH hosts
 * have their own, which this does not watch.
 */
final class HostClockWatch implements AutoCloseable {
    static final long SAMPLE_MILLIS = 250;
    static final long THRESHOLD_MS = 50;
    static final int MAX_STEPS = 100;
    static final long MAX_READ_NANOS = 5_000_000;

    private final LongSupplier wallMillis;
    private final LongSupplier monoNanos;
    private final long startNanos;
    private final List<HostClock.Step> steps = new ArrayList<>();
    private ScheduledExecutorService sampler;
    private int moreSteps;
    private boolean sampled;
    private long firstOffsetNanos;
    private long lastOffsetNanos;

    /**
     * @param startNanos the run's time 0 on {@code monoNanos} (steps are reported in seconds since then)
     */
    HostClockWatch(LongSupplier wallMillis, LongSupplier monoNanos, long startNanos) {
        this.wallMillis = wallMillis;
        this.monoNanos = monoNanos;
        this.startNanos = startNanos;
    }

    /** A watch of the system clocks, sampling from now until {@link #close}. */
    static HostClockWatch start(long startNanos) {
        HostClockWatch watch = new HostClockWatch(System::currentTimeMillis, System::nanoTime, startNanos);
        watch.sample();
        watch.sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "faultline-host-clock");
            t.setDaemon(true);
            return t;
        });
        watch.sampler.scheduleAtFixedRate(watch::sampleUnlessClosed, SAMPLE_MILLIS, SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
        return watch;
    }

    /** Takes one sample; the sampler thread calls it, and tests call it with their own clocks. */
    synchronized void sample() {
        // A thread descheduled between two reads (GC, a loaded machine) would look like a step there
        // and back: a sample whose monotonic reads around the wall read lie far apart is dropped.
        long before = monoNanos.getAsLong();
        long wall = wallMillis.getAsLong();
        long after = monoNanos.getAsLong();
        if (after - before > MAX_READ_NANOS) return;
        long mono = before + (after - before) / 2;
        long offset = wall * 1_000_000L - mono;
        if (!sampled) {
            sampled = true;
            firstOffsetNanos = offset;
        } else {
            long change = offset - lastOffsetNanos;
            if (Math.abs(change) > THRESHOLD_MS * 1_000_000L) {
                if (steps.size() < MAX_STEPS) {
                    steps.add(new HostClock.Step(Math.round((mono - startNanos) / 1e6) / 1000.0, Math.round(change / 1e6)));
                } else {
                    moreSteps++;
                }
            }
        }
        lastOffsetNanos = offset;
    }

    /** The sampler's task: a sample that waited for {@link #close} must not land after it. */
    private synchronized void sampleUnlessClosed() {
        if (sampler != null) sample();
    }

    /** What the watch saw so far. */
    synchronized HostClock seen() {
        return new HostClock(steps, moreSteps, Math.round((lastOffsetNanos - firstOffsetNanos) / 1e6), SAMPLE_MILLIS, THRESHOLD_MS);
    }

    /** Stops sampling (after one last sample) and returns what the watch saw; idempotent. */
    HostClock stop() {
        close();
        return seen();
    }

    @Override
    public synchronized void close() {
        if (sampler == null) return;
        sampler.shutdownNow();
        sampler = null;
        sample();
    }
}
