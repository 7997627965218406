package dev.faultline.targetfile;

import dev.faultline.harness.control.Daemon;
import dev.faultline.harness.control.ExecResult;
import dev.faultline.harness.control.Node;
import dev.faultline.harness.control.Shell;
import dev.faultline.harness.spi.Db;
import dev.faultline.harness.spi.HasDataDir;
import dev.faultline.harness.spi.Killable;
import dev.faultline.harness.spi.Pausable;
import dev.faultline.harness.spi.TestContext;
import dev.faultline.targetfile.TargetDefinition.DaemonPlan;
import dev.faultline.targetfile.TargetDefinition.UnsafePlan;
import dev.faultline.targetfile.TargetDefinition.Upload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The system of a target file on one node: upload, install commands, then its {@code daemon} as a
 * harness {@link Daemon} (under libfaketime, so clock faults reach it where the program reads the
 * clock through libc), templated for the node. Setup starts clean: a process left under the pidfile
 * is stopped and the declared paths are wiped before anything is installed. Kill, pause and resume
 * are the Daemon's signals to the process group; a start after a kill uses {@code daemon.restart}.
 */
class FileDb implements Db, Killable, Pausable, HasDataDir {
    private static final Logger log = LoggerFactory.getLogger(FileDb.class);

    protected final TargetDefinition target;
    protected final NodeVars.Settings settings;
    private final List<UnsafePlan> unsafe;

    FileDb(TargetDefinition target, NodeVars.Settings settings, List<UnsafePlan> unsafe) {
        this.target = target;
        this.settings = settings;
        this.unsafe = List.copyOf(unsafe);
    }

    protected final DaemonPlan plan() {
        return target.daemon();
    }

    protected final NodeVars vars(TestContext ctx, Node node) {
        return new NodeVars(ctx.cluster().nodes(), node, settings);
    }

    /** The daemon as started ({@code restart} false) or restarted after a kill; the pid and log files are the same. */
    final Daemon daemon(TestContext ctx, Node node, boolean restart) {
        NodeVars vars = vars(ctx, node);
        List<String> extraArgs = new ArrayList<>();
        Map<String, String> env = new LinkedHashMap<>();
        plan().env().forEach((k, t) -> env.put(k, t.expand(vars)));
        for (UnsafePlan u : unsafe) {
            for (Template a : u.args()) extraArgs.add(a.expand(vars));
            u.env().forEach((k, t) -> env.put(k, t.expand(vars)));
        }
        List<String> argv = (restart ? plan().restart() : plan().start()).argv(vars, extraArgs);
        return new Daemon(node.remote(), Daemon.Spec.of(plan().name(), argv).withEnv(env).withWorkDir(plan().workDir())
                .withLogFile(plan().logFile()));
    }

    @Override
    public void setup(TestContext ctx, Node node) throws Exception {
        // Clean start: whatever an earlier run left under our pidfile, and our paths.
        daemon(ctx, node, false).stop(plan().stopGrace());
        wipe(node);
        NodeVars vars = vars(ctx, node);
        String installDir = node.remote().nodePath(plan().installDir());
        node.remote().sh("mkdir -p " + Shell.quote(installDir) + " " + Shell.quote(node.remote().nodePath(plan().dataDir())))
                .orThrow(node.name() + ": creating " + plan().installDir() + " and " + plan().dataDir());
        for (Upload u : target.uploads()) {
            String to = u.to().startsWith("/") ? u.to() : plan().installDir() + "/" + u.to();
            node.remote().upload(u.from(), to);
            if (u.mode() != null) {
                node.remote().sh("chmod " + u.mode() + " " + Shell.quote(node.remote().nodePath(to))).orThrow(node.name() + ": chmod " + to);
            }
        }
        for (Template command : target.installCommands()) {
            String script = command.expand(vars);
            ExecResult r = node.remote().sh("cd " + Shell.quote(installDir) + " && " + script, Duration.ofMinutes(10));
            if (!r.ok()) {
                throw new IllegalStateException(node.name() + ": install command of " + target.file() + " failed (exit " + r.exitCode()
                        + "): " + script + "\n" + r.stderr().strip() + "\n" + r.stdout().strip());
            }
        }
        writeClockMarker(node);
        long pid = daemon(ctx, node, false).start();
        log.info("{}: {} started (pid {})", node.name(), plan().name(), pid);
        if (plan().ready().isPresent()) ReadyWait.await(plan().ready().get(), vars, node, plan().logFile());
    }

    private void writeClockMarker(Node node) {
        String marker = node.remote().nodePath(Daemon.CLOCK_UNREACHED_FILE);
        if (plan().clockUnaffected() == null) return;
        node.remote().sh("mkdir -p \"$(dirname " + Shell.quote(marker) + ")\" && printf '%s\\n' " + Shell.quote(plan().clockUnaffected())
                + " > " + Shell.quote(marker)).orThrow(node.name() + ": writing " + marker);
    }

    private void wipe(Node node) {
        StringBuilder rm = new StringBuilder("rm -rf");
        for (String p : plan().wipe()) rm.append(' ').append(Shell.quote(node.remote().nodePath(p)));
        if (plan().clockUnaffected() != null) rm.append(' ').append(Shell.quote(node.remote().nodePath(Daemon.CLOCK_UNREACHED_FILE)));
        node.remote().sh(rm.toString()).orThrow(node.name() + ": wiping " + plan().wipe());
    }

    @Override
    public void teardown(TestContext ctx, Node node) {
        daemon(ctx, node, false).stop(plan().stopGrace());
        wipe(node);
    }

    @Override
    public List<String> logFiles(TestContext ctx, Node node) {
        List<String> out = new ArrayList<>(List.of(plan().logFile()));
        out.addAll(plan().logs());
        return out;
    }

    /** {@code daemon.data_dir}: the disk faults act on it, so the system must keep its durable state there. */
    @Override
    public String dataDir(TestContext ctx, Node node) {
        return plan().dataDir();
    }

    @Override
    public void kill(TestContext ctx, Node node) {
        daemon(ctx, node, false).kill();
    }

    /** Starts the daemon with its restart command; a no-op where it runs. */
    @Override
    public void start(TestContext ctx, Node node) {
        daemon(ctx, node, true).start();
    }

    @Override
    public void pause(TestContext ctx, Node node) {
        daemon(ctx, node, false).pause();
    }

    @Override
    public void resume(TestContext ctx, Node node) {
        daemon(ctx, node, false).resume();
    }
}
