package dev.faultline.harness.provision;

import dev.faultline.harness.control.ExecResult;
import dev.faultline.harness.control.ProcessMarker;
import dev.faultline.harness.control.Shell;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Processes on one host that carry a {@link ProcessMarker} in their environment (every process a
 * {@link dev.faultline.harness.control.Daemon} started, and their children): listing them, and
 * SIGKILLing those of runs whose controller is gone. Works through a shell on the host, an SSH
 * node's or this machine's, reading {@code /proc/PID/environ}: only processes of the shell's user
 * (or all, as root). Each kill checks the marker again right before signalling, so a pid reused in
 * the meantime is not hit. Processes without the marker are never touched, nor are processes of
 * live runs, nor processes of runs controlled from another machine, whose controller cannot be
 * checked from here.
 */
public final class MarkedProcesses {
    private static final Logger log = LoggerFactory.getLogger(MarkedProcesses.class);

    private MarkedProcesses() {
    }

    /** A shell on the host. */
    @FunctionalInterface
    public interface HostShell {
        ExecResult sh(String script);
    }

    /** {@code sh -c} on this machine, as the controller's user. */
    public static final HostShell THIS_MACHINE = MarkedProcesses::runHere;

    /** One marked process: its pid and its {@code FAULTLINE_*} environment variables. */
    public record Marked(long pid, Map<String, String> env) {
        public Marked {
            env = Map.copyOf(env);
        }

        public Optional<String> run() {
            return Optional.ofNullable(env.get(ProcessMarker.ENV_RUN));
        }

        public Optional<RunIdentity> owner() {
            return RunIdentity.fromMarker(env);
        }
    }

    /** What a sweep did: the dead runs it killed processes of, the pids, and the live or unknown-owner runs it spared. */
    public record Sweep(Set<String> deadRuns, List<Long> killed, Set<String> sparedRuns) {
        public boolean isEmpty() {
            return killed.isEmpty();
        }
    }

    private static final String LIST_SCRIPT = "for f in $(grep -lsz -e '^" + ProcessMarker.ENV_RUN + "=' -e '^"
            + ProcessMarker.ENV_PIDFILE + "=' /proc/[0-9]*/environ); do\n"
            + "  p=${f#/proc/}; p=${p%/environ}\n"
            + "  echo \"@$p\"; tr '\\0' '\\n' < \"$f\" 2>/dev/null | grep '^FAULTLINE_'\n"
            + "done; true";

    /** Every marked process the shell can see. */
    public static List<Marked> list(HostShell sh) {
        ExecResult r = sh.sh(LIST_SCRIPT).orThrow("listing marked processes");
        List<Marked> out = new ArrayList<>();
        long pid = -1;
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : r.stdout().split("\n")) {
            if (line.startsWith("@")) {
                if (pid > 0 && !env.isEmpty()) out.add(new Marked(pid, env));
                env = new LinkedHashMap<>();
                try {
                    pid = Long.parseLong(line.substring(1).strip());
                } catch (NumberFormatException e) {
                    pid = -1;
                }
            } else {
                int eq = line.indexOf('=');
                if (eq > 0) env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        if (pid > 0 && !env.isEmpty()) out.add(new Marked(pid, env));
        return out;
    }

    /**
     * Kills the marked processes of runs whose controller is gone: it ran on this machine's current
     * boot and no process with its pid and start time lives. A marker naming another boot id is
     * always spared, even on this machine: no process outlives a reboot, so its controller is on
     * another machine (this machine serving as someone's SSH node) and cannot be checked from here.
     */
    public static Sweep sweepDeadRuns(HostShell sh) {
        String boot = RunIdentity.currentBootId();
        Set<String> dead = new TreeSet<>();
        Set<String> spared = new TreeSet<>();
        List<Marked> victims = new ArrayList<>();
        for (Marked m : list(sh)) {
            Optional<RunIdentity> owner = m.owner();
            if (owner.isEmpty()) continue; // a daemon started without a run identity: whose it is cannot be told
            if (Leftovers.ownerGone(owner.get().labels(), boot, false)) {
                dead.add(owner.get().runId());
                victims.add(m);
            } else {
                spared.add(owner.get().runId());
            }
        }
        dead.removeAll(spared); // conflicting identities for one run id: leave it alone
        victims.removeIf(m -> !dead.contains(m.run().orElseThrow()));
        List<Long> killed = kill(sh, victims, m -> ProcessMarker.ENV_RUN + "=" + m.run().orElseThrow());
        return new Sweep(dead, killed, spared);
    }

    /** Kills every marked process that {@code which} selects (e.g. those of this run, at close). */
    public static List<Long> kill(HostShell sh, Predicate<Marked> which, Function<Marked, String> proof) {
        return kill(sh, list(sh).stream().filter(which).toList(), proof);
    }

    /**
     * SIGKILLs each victim if its environment still has the line {@code proof(victim)}, then waits
     * (up to 5 s) until none of them carries it any more (gone, or a zombie). Returns the pids signalled.
     */
    private static List<Long> kill(HostShell sh, List<Marked> victims, Function<Marked, String> proof) {
        if (victims.isEmpty()) return List.of();
        StringBuilder s = new StringBuilder("mine() { tr '\\0' '\\n' < /proc/\"$1\"/environ 2>/dev/null | grep -qxF \"$2\"; }\n");
        s.append("k() { mine \"$1\" \"$2\" && kill -KILL \"$1\" 2>/dev/null && echo \"$1\"; true; }\n");
        StringBuilder wait = new StringBuilder();
        for (Marked m : victims) {
            String line = Shell.quote(proof.apply(m));
            s.append("k ").append(m.pid()).append(' ').append(line).append('\n');
            wait.append("mine ").append(m.pid()).append(' ').append(line).append(" && left=1; ");
        }
        s.append("i=0; while [ $i -lt 50 ]; do left=0; ").append(wait).append("[ $left = 0 ] && exit 0; sleep 0.1; i=$((i+1)); done\n")
                .append("echo 'some marked processes survived SIGKILL for 5 s' >&2; exit 1\n");
        ExecResult r = sh.sh(s.toString());
        if (!r.ok()) log.warn("{}", r.stderr().strip());
        List<Long> killed = new ArrayList<>();
        for (String w : r.stdout().split("\\s+")) if (!w.isEmpty()) killed.add(Long.parseLong(w));
        return killed;
    }

    private static ExecResult runHere(String script) {
        Path out = null;
        try {
            out = Files.createTempFile("faultline-sweep", ".out");
            Path err = Files.createTempFile("faultline-sweep", ".err");
            try {
                Process p = new ProcessBuilder("sh", "-c", script).redirectOutput(out.toFile()).redirectError(err.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return new ExecResult(124, "", "timed out after 60 s");
                }
                return new ExecResult(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            return new ExecResult(127, "", "cannot run sh: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ExecResult(130, "", "interrupted");
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // temp file
                }
            }
        }
    }
}
