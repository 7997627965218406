package dev.faultline.harness.run;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What Ctrl-C or a kill does to a run: ask it to stop; the run's own thread unwinds and closes its
 * stages. If it does not get there in time (stuck in a long setup step), close them from here.
 * Either way the hook returns only once the run has written its end (or after a last bound), since
 * the JVM exits when the hooks return.
 */
final class ShutdownHook implements Runnable {
    /** How long the run's own thread gets to unwind before the hook closes the stages itself. */
    private static final long UNWIND_MILLIS = 10_000;
    /** How long the hook waits, in all, for the stages to close and the record to be written. */
    private static final long SHUTDOWN_MILLIS = 180_000;

    private final Path history;
    private final CountDownLatch finished;
    private final Runnable requestStop;
    private final Runnable closeInstead;

    /**
     * @param finished     counted down once the run has written its end
     * @param closeInstead closes the stages and records the run as interrupted, from the hook's thread
     */
    ShutdownHook(Path history, CountDownLatch finished, Runnable requestStop, Runnable closeInstead) {
        this.history = history;
        this.finished = finished;
        this.requestStop = requestStop;
        this.closeInstead = closeInstead;
    }

    @Override
    public void run() {
        if (finished.getCount() == 0) return;
        System.err.println("\nfaultline: interrupted; healing faults and tearing down (history so far: " + history + ")");
        requestStop.run();
        try {
            if (finished.await(UNWIND_MILLIS, TimeUnit.MILLISECONDS)) return;
            closeInstead.run();
            finished.await(SHUTDOWN_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
