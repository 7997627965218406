package dev.faultline.harness.control;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A command wrapped so that it cannot outlive its timeout on a node (docker exec, SSH): coreutils
 * {@code timeout -s KILL} makes itself the leader of a new process group, runs the command in it and
 * SIGKILLs the whole group when the timeout passes. Its command line carries a marker unique to this
 * call, so that {@link #killScript()}, run as a second command, finds the group and kills it early
 * when the caller gives up first (interrupted, or the node did not report the end in time).
 *
 * <p>Processes that leave the group on purpose ({@code setsid}, as {@link Daemon} starts targets)
 * are not affected.
 */
public final class BoundedCommand {
    /** How long after the timeout a caller waits for the node to report the kill before killing it itself. */
    public static final Duration REPORT_GRACE = Duration.ofSeconds(3);
    /** Bound on the second command that kills an abandoned one. */
    public static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);

    private static final String MARKER_PREFIX = "faultline-exec";
    private static final int SIGKILL_EXIT = 128 + 9;

    private final List<String> argv;
    private final Duration timeout;
    private final String marker;

    private BoundedCommand(List<String> argv, Duration timeout, String marker) {
        if (argv.isEmpty()) throw new IllegalArgumentException("empty command");
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        this.argv = List.copyOf(argv);
        this.timeout = timeout;
        this.marker = marker;
    }

    public static BoundedCommand of(List<String> argv, Duration timeout) {
        return new BoundedCommand(argv, timeout, MARKER_PREFIX + ":" + UUID.randomUUID());
    }

    /** The command to run on the node: {@code timeout -s KILL 1.500s sh -c 'exec "$@"' MARKER ARGV...}. */
    public List<String> wrapped() {
        List<String> cmd = new ArrayList<>(List.of("timeout", "-s", "KILL", seconds(timeout), "sh", "-c", "exec \"$@\"", marker));
        cmd.addAll(argv);
        return cmd;
    }

    /**
     * A script that SIGKILLs the process group of this command if it is still running: it looks for
     * the process whose arguments include the marker (the {@code timeout} process, which leads the
     * group). The marker is split in the script so that the script never matches itself.
     */
    public String killScript() {
        String id = marker.substring(MARKER_PREFIX.length());
        return "m=" + MARKER_PREFIX + "; m=\"$m" + id + "\"\n"
                + "for d in /proc/[0-9]*; do\n"
                + "  if tr '\\0' '\\n' 2>/dev/null < \"$d/cmdline\" | grep -qxF \"$m\"; then\n"
                + "    p=${d#/proc/}; kill -s KILL -- \"-$p\" 2>/dev/null || kill -s KILL \"$p\" 2>/dev/null\n"
                + "  fi\n"
                + "done\n"
                + "true\n";
    }

    /** True if the node's exit code and the caller's elapsed time say the node killed it at its timeout. */
    public boolean killedByTimeout(int exitCode, Duration elapsed) {
        return exitCode == SIGKILL_EXIT && elapsed.compareTo(timeout) >= 0;
    }

    /** How long the caller waits for the node to report the end. */
    public Duration callerWait() {
        return timeout.plus(REPORT_GRACE);
    }

    public List<String> argv() {
        return argv;
    }

    public Duration timeout() {
        return timeout;
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.3fs", d.toMillis() / 1000.0);
    }
}
