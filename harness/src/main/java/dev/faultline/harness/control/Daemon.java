package dev.faultline.harness.control;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * A background process on a node with a pidfile and a log file, always started under libfaketime
 * reading {@link #CLOCK_FILE}, so that the clock nemesis can skew its wall clock later by
 * rewriting that file. The process is made a session leader ({@code setsid}), so signals go to its
 * whole process group (a launcher script and the JVM it starts alike).
 *
 * <p>libfaketime settings, measured on JDK 17 / glibc 2.36: the timestamp file is re-read on every
 * clock call ({@code FAKETIME_CACHE_DURATION=0}); the monotonic clock stays real
 * ({@code FAKETIME_DONT_FAKE_MONOTONIC=1}), otherwise timers jump; and
 * {@code FAKETIME_FORCE_MONOTONIC_FIX=0}, without which every timed wait of the JVM returns at once.
 * {@code FAKETIME} itself is never set: it would override the file. Where the library is missing
 * (a local sandbox on a machine without the {@code faketime} package) the process starts without
 * it, which is logged, and clock faults have no effect on it.
 *
 * <p>Every process started here carries {@link ProcessMarker#ENV_PIDFILE} (its pidfile) and, where
 * the provisioner wrote {@link ProcessMarker#FILE}, the run's identity in its environment. Signals
 * go only to the process a pidfile names if that process carries this daemon's pidfile marker: a
 * stale pidfile whose pid was reused by an unrelated process is treated as "not running".
 *
 * <p>Two ways to start: {@link #startFresh} for setup (never adopts what an earlier run left) and
 * {@link #start} for restarting within a run (a no-op where the process runs).
 */
public final class Daemon {
    private static final Logger log = LoggerFactory.getLogger(Daemon.class);

    /** The per-node libfaketime control file (a node path; see {@link Remote#nodePath}). */
    public static final String CLOCK_FILE = "/var/lib/faultline/clock";
    /**
     * A node file a target writes when clock faults cannot reach it (e.g. a Go program, which reads
     * the clock through the vDSO); its first line says why, and the clock nemesis records it.
     */
    public static final String CLOCK_UNREACHED_FILE = CLOCK_FILE + ".unreached";
    public static final String FAKETIME_LIBRARY = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1";
    /** Printed by the start script when the library is missing. */
    static final String NO_FAKETIME_MARKER = "faultline: no libfaketime";

    private static final Pattern OFFSET = Pattern.compile(
            "[+-]\\d+(\\.\\d+)?[smhdy]?|@\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");

    private final Remote remote;
    private final Spec spec;

    public Daemon(Remote remote, Spec spec) {
        this.remote = Objects.requireNonNull(remote);
        this.spec = Objects.requireNonNull(spec);
    }

    /**
     * What to run.
     *
     * @param name    short name, used for the default pid and log file names
     * @param argv    the program and its arguments
     * @param workDir working directory (node path; created)
     * @param env     extra environment variables
     * @param pidFile node path of the pidfile
     * @param logFile node path of the log (stdout and stderr, appended)
     */
    public record Spec(String name, List<String> argv, String workDir, Map<String, String> env,
                       String pidFile, String logFile) {
        public Spec {
            if (!name.matches("[A-Za-z0-9_.-]+")) throw new IllegalArgumentException("bad daemon name: " + name);
            if (argv.isEmpty()) throw new IllegalArgumentException("empty command for daemon " + name);
            argv = List.copyOf(argv);
            env = Map.copyOf(env);
            for (String k : env.keySet()) {
                if (!k.matches("[A-Za-z_][A-Za-z0-9_]*")) throw new IllegalArgumentException("bad environment variable name: " + k);
            }
        }

        /** Defaults: working directory /opt/faultline/NAME, pidfile /var/run/faultline/NAME.pid, log /var/log/faultline/NAME.log. */
        public static Spec of(String name, List<String> argv) {
            return new Spec(name, argv, "/opt/faultline/" + name, Map.of(),
                    "/var/run/faultline/" + name + ".pid", "/var/log/faultline/" + name + ".log");
        }

        public Spec withWorkDir(String dir) {
            return new Spec(name, argv, dir, env, pidFile, logFile);
        }

        public Spec withEnv(Map<String, String> vars) {
            Map<String, String> all = new LinkedHashMap<>(env);
            all.putAll(vars);
            return new Spec(name, argv, workDir, all, pidFile, logFile);
        }

        public Spec withPidFile(String file) {
            return new Spec(name, argv, workDir, env, file, logFile);
        }

        public Spec withLogFile(String file) {
            return new Spec(name, argv, workDir, env, pidFile, file);
        }
    }

    public Spec spec() {
        return spec;
    }

    /** The node path (as seen by commands on this remote) of the pidfile, log and clock file. */
    public String pidFile() {
        return remote.nodePath(spec.pidFile());
    }

    public String logFile() {
        return remote.nodePath(spec.logFile());
    }

    public String clockFile() {
        return remote.nodePath(CLOCK_FILE);
    }

    /**
     * Starts clean, for {@code Db.setup}: kills whatever this daemon's pidfile names (SIGCONT and
     * SIGKILL to its process group, even a paused one left by a killed controller), waits until it is
     * gone, deletes {@code dataDirs} (node paths), then starts. Returns the new pid.
     */
    public long startFresh(String... dataDirs) {
        killAndWipe(dataDirs);
        return start();
    }

    /**
     * What {@link #startFresh} does before starting: kills whatever runs under this daemon's
     * pidfile, removes the pidfile and deletes {@code dataDirs}. For a daemon this node does not run
     * this time (a role that moved to another node) but an earlier run may have left.
     */
    public void killAndWipe(String... dataDirs) {
        StringBuilder s = new StringBuilder(aliveFunction());
        s.append("if alive; then p=$(cat ").append(q(pidFile())).append(")\n")
                .append("  kill -CONT -- \"-$p\" 2>/dev/null || kill -CONT \"$p\" 2>/dev/null\n")
                .append("  kill -KILL -- \"-$p\" 2>/dev/null || kill -KILL \"$p\" 2>/dev/null\n")
                .append("  i=0; while alive; do [ $i -ge 100 ] && { echo \"pid $p survived SIGKILL\" >&2; exit 1; }; sleep 0.1; i=$((i+1)); done\n")
                .append("  echo \"killed $p\"\n")
                .append("fi\n");
        s.append("rm -rf ").append(q(pidFile()));
        for (String d : dataDirs) s.append(' ').append(q(remote.nodePath(d)));
        s.append('\n');
        ExecResult r = remote.sh(s.toString(), Duration.ofSeconds(30)).orThrow(remote.describe() + ": clearing " + spec.name());
        if (r.stdout().contains("killed")) {
            log.info("{}: killed {} (pid {}) left by an earlier run", remote.describe(), spec.name(), r.stdout().strip().replace("killed ", ""));
        }
    }

    /**
     * Starts the process unless it is already running; returns its pid. For restarting within a run
     * ({@code Killable.start} after a kill); setup uses {@link #startFresh}. Fails, quoting the end
     * of the log, if the process is gone a moment after starting.
     */
    public long start() {
        String pid = q(pidFile());
        String clock = q(clockFile());
        String logf = q(logFile());
        StringBuilder s = new StringBuilder();
        s.append("set -e\n");
        s.append("mkdir -p ").append(q(dir(pidFile()))).append(' ').append(q(dir(logFile()))).append(' ')
                .append(q(dir(clockFile()))).append(' ').append(q(remote.nodePath(spec.workDir()))).append('\n');
        // Created atomically so that a concurrent reader never sees an empty file.
        s.append("[ -s ").append(clock).append(" ] || { printf '+0\\n' > ").append(clock).append(".new.$$ && mv -f ")
                .append(clock).append(".new.$$ ").append(clock).append("; }\n");
        s.append(aliveFunction());
        s.append("if alive; then cat ").append(pid).append("; exit 0; fi\n");
        s.append("cd ").append(q(remote.nodePath(spec.workDir()))).append('\n');
        s.append("if [ -r ").append(FAKETIME_LIBRARY).append(" ]; then\n")
                .append("  export LD_PRELOAD=").append(FAKETIME_LIBRARY).append(" FAKETIME_TIMESTAMP_FILE=").append(clock)
                .append(" FAKETIME_CACHE_DURATION=0 FAKETIME_DONT_FAKE_MONOTONIC=1 FAKETIME_FORCE_MONOTONIC_FIX=0\n")
                .append("  unset FAKETIME\n")
                .append("else\n")
                .append("  echo '").append(NO_FAKETIME_MARKER).append(" at ").append(FAKETIME_LIBRARY)
                .append("; starting without clock control' | tee -a ").append(logf).append(" >&2\n")
                .append("fi\n");
        // The run's identity (written by the provisioner) and this daemon's pidfile, in the environment
        // of the process and everything it starts: how a later run recognises what it may kill.
        String marker = q(remote.nodePath(ProcessMarker.FILE));
        s.append("if [ -r ").append(marker).append(" ]; then\n")
                .append("  while IFS='=' read -r k v; do case \"$k\" in ").append(ProcessMarker.ENV_RUN).append('|')
                .append(ProcessMarker.ENV_CONTROLLER).append(") export \"$k=$v\";; esac; done < ").append(marker).append('\n')
                .append("fi\n");
        s.append("export ").append(ProcessMarker.ENV_PIDFILE).append('=').append(pid).append('\n');
        for (Map.Entry<String, String> e : spec.env().entrySet()) {
            s.append("export ").append(e.getKey()).append('=').append(q(e.getValue())).append('\n');
        }
        s.append("printf '=== %s starting: %s\\n' \"$(date -u +%Y-%m-%dT%H:%M:%SZ)\" ").append(q(Shell.join(spec.argv())))
                .append(" >> ").append(logf).append('\n');
        s.append("setsid nohup ").append(Shell.join(spec.argv())).append(" >> ").append(logf).append(" 2>&1 < /dev/null &\n");
        s.append("echo $! > ").append(pid).append('\n');
        s.append("sleep 0.3\n");
        s.append("if ! alive; then echo 'exited at once; end of log:' >&2; tail -n 30 ").append(logf).append(" >&2; exit 1; fi\n");
        s.append("cat ").append(pid).append('\n');
        ExecResult r = remote.sh(s.toString(), Duration.ofSeconds(30));
        if (r.stderr().contains(NO_FAKETIME_MARKER)) {
            log.warn("{}: {} started without libfaketime ({} is missing); clock faults will not reach it",
                    remote.describe(), spec.name(), FAKETIME_LIBRARY);
        }
        r.orThrow(remote.describe() + ": start " + spec.name());
        String[] lines = r.stdout().strip().split("\n");
        return Long.parseLong(lines[lines.length - 1].strip());
    }

    /** The pid from the pidfile if that process exists and is not a zombie. */
    public OptionalLong pid() {
        ExecResult r = remote.sh(aliveFunction() + "alive && cat " + q(pidFile()), Duration.ofSeconds(15));
        if (!r.ok()) return OptionalLong.empty();
        return OptionalLong.of(Long.parseLong(r.stdout().strip()));
    }

    /** True if the process exists (a paused process is running). */
    public boolean isRunning() {
        return pid().isPresent();
    }

    /** SIGKILL to the process group, then waits until it is gone. */
    public void kill() {
        signal("KILL");
        awaitExit(Duration.ofSeconds(10));
    }

    /** SIGSTOP to the process group; returns once the process shows as stopped (signals are delivered asynchronously). */
    public void pause() {
        if (signal("STOP")) awaitStopped(true);
    }

    /** SIGCONT to the process group; returns once the process no longer shows as stopped. */
    public void resume() {
        if (signal("CONT")) awaitStopped(false);
    }

    private void awaitStopped(boolean stopped) {
        String test = "grep -q '^State:[[:space:]]*[Tt]' /proc/\"$p\"/status 2>/dev/null";
        ExecResult r = remote.sh("p=$(cat " + q(pidFile()) + "); i=0; while [ $i -lt 100 ]; do "
                + (stopped ? test : "! " + test) + " && exit 0; "
                + "[ -e /proc/\"$p\" ] || exit 0; sleep 0.05; i=$((i+1)); done; exit 1", Duration.ofSeconds(30));
        if (!r.ok()) {
            log.warn("{}: {} did not show as {} within 5 s", remote.describe(), spec.name(), stopped ? "stopped" : "running again");
        }
    }

    /** SIGTERM (and SIGCONT, in case it is paused); SIGKILL if it is still there after {@code grace}. */
    public void stop(Duration grace) {
        if (!signal("TERM")) return;
        signal("CONT");
        if (!awaitExit(grace)) {
            signal("KILL");
            awaitExit(Duration.ofSeconds(10));
        }
        remote.sh("rm -f " + q(pidFile()), Duration.ofSeconds(15));
    }

    public void stop() {
        stop(Duration.ofSeconds(10));
    }

    /**
     * Sends a signal to the daemon's process group; false if it is not running, including when it
     * exits between the check and the signal (a SIGCONT right after a SIGTERM often finds it gone).
     */
    public boolean signal(String signal) {
        if (!signal.matches("[A-Z0-9]+")) throw new IllegalArgumentException("bad signal " + signal);
        ExecResult r = remote.sh(aliveFunction() + "alive || exit 3\n"
                + "p=$(cat " + q(pidFile()) + ")\n"
                + "kill -" + signal + " -- \"-$p\" 2>/dev/null && exit 0\n"
                + "err=$(kill -" + signal + " \"$p\" 2>&1) && exit 0\n"
                + "alive || exit 3\n"
                + "printf '%s\\n' \"$err\" >&2; exit 1", Duration.ofSeconds(15));
        if (r.exitCode() == 3) return false;
        r.orThrow(remote.describe() + ": kill -" + signal + " " + spec.name());
        return true;
    }

    private boolean awaitExit(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!isRunning()) return true;
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RemoteException("interrupted while waiting for " + spec.name() + " to exit", e);
            }
        }
        return !isRunning();
    }

    /**
     * A shell function {@code alive}: the pidfile names a live, non-zombie process that this daemon
     * started (its environment carries this pidfile's marker; a reused pid does not).
     */
    private String aliveFunction() {
        String pid = q(pidFile());
        return "alive() { [ -s " + pid + " ] || return 1; p=$(cat " + pid + "); kill -0 \"$p\" 2>/dev/null || return 1; "
                + "! grep -q '^State:[[:space:]]*Z' /proc/\"$p\"/status 2>/dev/null || return 1; "
                + "tr '\\0' '\\n' < /proc/\"$p\"/environ 2>/dev/null | grep -qxF " + q(ProcessMarker.ENV_PIDFILE + "=" + pidFile()) + "; }\n";
    }

    /**
     * Atomically sets the libfaketime offset of a node (a temp file moved over {@link #CLOCK_FILE}).
     * Accepts what libfaketime handles without killing or hanging the process: a signed offset
     * ({@code +3600}, {@code -2h}, {@code +0.2}) or an absolute {@code @yyyy-MM-dd HH:mm:ss}.
     */
    public static void writeClock(Remote remote, String offset) {
        if (!OFFSET.matcher(offset).matches()) {
            throw new IllegalArgumentException("bad clock offset '" + offset
                    + "': use a signed offset such as +3600, -2h, +0.5 or an absolute @2030-01-01 00:00:00");
        }
        String file = q(remote.nodePath(CLOCK_FILE));
        remote.sh("mkdir -p " + q(dir(remote.nodePath(CLOCK_FILE))) + " && printf '%s\\n' " + q(offset) + " > " + file
                + ".new.$$ && mv -f " + file + ".new.$$ " + file, Duration.ofSeconds(15))
                .orThrow(remote.describe() + ": set clock offset " + offset);
    }

    private static String dir(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    private static String q(String word) {
        return Shell.quote(word);
    }
}
