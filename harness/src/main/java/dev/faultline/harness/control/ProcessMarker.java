package dev.faultline.harness.control;

/**
 * How a node process shows that Faultline started it, and for which run: environment variables
 * that every {@link Daemon} process (and whatever it starts) carries. A later run finds processes
 * of runs whose controller is dead by these markers, even when their pidfiles are gone; processes
 * without them are never touched.
 */
public final class ProcessMarker {
    /** The run id (the same id that labels a Docker run's containers). */
    public static final String ENV_RUN = "FAULTLINE_RUN";
    /** The controller that owns the run: {@code <boot id>/<pid>/<pid start, epoch ms>}. */
    public static final String ENV_CONTROLLER = "FAULTLINE_CONTROLLER";
    /** The node path of the daemon's pidfile: a pidfile's pid is this daemon only if the process carries it. */
    public static final String ENV_PIDFILE = "FAULTLINE_PIDFILE";
    /**
     * Node file ({@code KEY=value} lines: {@link #ENV_RUN}, {@link #ENV_CONTROLLER}) that the
     * provisioner writes on every node it provisions; {@link Daemon} exports it to its process.
     */
    public static final String FILE = "/var/lib/faultline/run.env";

    private ProcessMarker() {
    }
}
