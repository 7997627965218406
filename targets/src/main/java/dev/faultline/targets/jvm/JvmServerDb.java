package dev.faultline.targets.jvm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.harness.control.Daemon;
import dev.faultline.harness.control.Node;
import dev.faultline.harness.control.Shell;
import dev.faultline.harness.spi.Db;
import dev.faultline.harness.spi.Killable;
import dev.faultline.harness.spi.Pausable;
import dev.faultline.harness.spi.TestContext;
import dev.faultline.targets.http.JsonHttp;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * The lifecycle that every adapter of our JVM servers shares: each server process is a
 * {@link Daemon} (under libfaketime) running a {@link JvmBundle}, created once per node and role;
 * setup starts each one with {@link Daemon#startFresh} (whatever an earlier run left under its
 * pidfile is killed and its data wiped first, never adopted) and waits until the process answers
 * {@code GET /status}; kill, pause, resume and start act on the node's {@link #faultable} processes. Subclasses say which processes a node runs and with
 * what arguments.
 */
public abstract class JvmServerDb implements Db, Killable, Pausable {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(JvmServerDb.class);
    /** Added to a node's ports for its {@link #trainClassData} run, which must not meet the real nodes. */
    protected static final int TRAINING_PORT_OFFSET = 10_000;
    protected final HttpClient http = JsonHttp.client(Duration.ofSeconds(1));
    private final Map<String, Daemon> daemons = new ConcurrentHashMap<>();
    private final Duration startTimeout;

    protected JvmServerDb(Duration startTimeout) {
        this.startTimeout = startTimeout;
    }

    /** The processes of this node that the nemeses kill, pause and restart. */
    protected abstract List<Daemon> faultable(TestContext ctx, Node node);

    /** The daemon {@code role} on {@code node} ({@code java ... MAIN args}, output to {@code logFile}), made on first use. */
    protected final Daemon daemon(Node node, String role, JvmBundle bundle, List<String> jvmOptions, String logFile,
                                  Supplier<List<String>> args) {
        return daemons.computeIfAbsent(node.name() + "/" + role, k -> new Daemon(node.remote(),
                Daemon.Spec.of(role, bundle.command(node.remote(), jvmOptions, args.get())).withLogFile(logFile)));
    }

    /**
     * Makes the class-data archive ({@link JvmBundle#classDataArchive}) that every later start of
     * {@code bundle} on this node maps instead of loading, verifying and linking its classes again
     * (AppCDS; a restart's JVM start-up is mostly that). One shell command on the node starts the
     * server with {@code -XX:ArchiveClassesAtExit} as a one-node cluster on ports
     * {@link #TRAINING_PORT_OFFSET} above the real ones ({@code args} say so), polls
     * {@code /status} on {@code port} every 50 ms until it answers, and stops it with SIGTERM, on
     * which the JVM writes the archive; then it removes the data dirs. A failure only costs the
     * speed-up: the JVM ignores a missing archive ({@code -Xshare:auto}), so it is logged and setup
     * goes on.
     */
    protected final void trainClassData(Node node, String role, JvmBundle bundle, List<String> jvmOptions, List<String> args,
                                        int port, String... dataDirs) {
        String archive = node.remote().nodePath(bundle.classDataArchive());
        List<String> training = new ArrayList<>(jvmOptions);
        training.removeIf(o -> o.startsWith("-XX:SharedArchiveFile="));
        training.add("-XX:ArchiveClassesAtExit=" + archive);
        training.add("-Xlog:cds=off,cds+dynamic=off");
        String logFile = Shell.quote(node.remote().nodePath(bundle.home() + "/cds-training.log"));
        StringBuilder dirs = new StringBuilder();
        for (String d : dataDirs) dirs.append(' ').append(Shell.quote(node.remote().nodePath(d)));
        String script = "rm -rf " + Shell.quote(archive) + dirs + "\n"
                + Shell.join(bundle.command(node.remote(), training, args)) + " > " + logFile + " 2>&1 &\n"
                + "p=$!; i=0\n"
                + "while [ $i -lt 1200 ] && kill -0 $p 2>/dev/null; do\n"
                + "  curl -sf -o /dev/null --max-time 1 http://127.0.0.1:" + port + "/status && break\n"
                + "  sleep 0.05; i=$((i+1))\n"
                + "done\n"
                // SIGTERM makes the JVM write the archive; one that hangs on it is killed after 30 s (no archive then).
                + "kill -TERM $p 2>/dev/null; i=0\n"
                + "while kill -0 $p 2>/dev/null && [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done\n"
                + "kill -0 $p 2>/dev/null && kill -KILL $p; wait $p 2>/dev/null\n"
                + "rm -rf" + (dirs.length() == 0 ? " /nonexistent" : dirs) + "\n"
                + "test -s " + Shell.quote(archive) + " || { tail -n 5 " + logFile + " >&2; exit 1; }\n";
        long begin = System.nanoTime();
        var r = node.remote().sh(script, startTimeout.plusSeconds(30));
        long ms = Duration.ofNanos(System.nanoTime() - begin).toMillis();
        if (r.ok()) {
            log.info("{}: {} class-data archive written in {} ms", node.name(), role, ms);
        } else {
            log.warn("{}: no class-data archive for {} (starts stay slower; {} ms): exit {} {}", node.name(), role, ms,
                    r.exitCode(), r.stderr().strip());
        }
    }

    /**
     * The arguments every Raft-based server of ours takes for its {@link #trainClassData} run: a
     * one-node cluster on ports {@link #TRAINING_PORT_OFFSET} above the node's own, so it never talks
     * to the real nodes. Mutable, for the server's own arguments.
     */
    protected static List<String> trainingClusterArgs(Node node, String dataDir, int raftPort, int clientPort) {
        return new ArrayList<>(List.of("--id", node.name(), "--data-dir", node.remote().nodePath(dataDir),
                "--peers", node.name() + "=127.0.0.1:" + (raftPort + TRAINING_PORT_OFFSET),
                "--client-port", Integer.toString(clientPort + TRAINING_PORT_OFFSET)));
    }

    /** Starts {@code daemon} ({@code what}) on a wiped {@code dataDir} and waits until it answers /status on {@code port}. */
    protected final void startFreshAndAwait(Node node, String what, Daemon daemon, String dataDir, int port, String logFile)
            throws InterruptedException {
        long pid = daemon.startFresh(dataDir);
        log.info("{}: {} started (pid {})", node.name(), what, pid);
        awaitStatus(node, port, logFile);
    }

    /** Stops {@code daemon} (SIGTERM, then SIGKILL after 5 s) and removes {@code dataDirs}. */
    protected static void stopAndRemove(Node node, Daemon daemon, String... dataDirs) {
        daemon.stop(Duration.ofSeconds(5));
        remove(node, dataDirs);
    }

    /** Waits until the node answers /status on {@code port}; fails with the end of {@code logFile} if it does not. */
    protected final void awaitStatus(Node node, int port, String logFile) throws InterruptedException {
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (JsonHttp.status(http, node.address(), port, Duration.ofSeconds(1)).isPresent()) return;
            Thread.sleep(50);
        }
        String tail = node.remote().sh("tail -n 20 " + Shell.quote(node.remote().nodePath(logFile)) + " 2>/dev/null").stdout();
        throw new IllegalStateException(node.name() + ": nothing answered http://" + node.address() + ":" + port
                + "/status within " + startTimeout.toSeconds() + " s; end of " + logFile + ":\n" + tail);
    }

    /** {@code n1=addr:port,n2=addr:port,...} over every node of the cluster. */
    protected static String peers(TestContext ctx, ToIntFunction<Node> port) {
        List<String> out = new ArrayList<>();
        for (Node n : ctx.cluster().nodes()) out.add(n.name() + "=" + n.address() + ":" + port.applyAsInt(n));
        return String.join(",", out);
    }

    /** The {@code leader} that a majority of the nodes agree on in their {@code /status} answers on {@code port}. */
    protected final Optional<String> majorityLeader(TestContext ctx, ToIntFunction<Node> port) {
        Map<String, Integer> votes = new HashMap<>();
        for (Node n : ctx.cluster().nodes()) {
            Optional<JsonNode> s = JsonHttp.status(http, n.address(), port.applyAsInt(n), Duration.ofMillis(500));
            s.map(j -> j.path("leader").asText(null)).filter(l -> l != null && !l.isEmpty() && !l.equals("null"))
                    .ifPresent(l -> votes.merge(l, 1, Integer::sum));
        }
        int majority = ctx.cluster().size() / 2 + 1;
        return votes.entrySet().stream().filter(e -> e.getValue() >= majority).map(Map.Entry::getKey).findFirst();
    }

    /** Removes the node directories (data dirs) with {@code rm -rf}. */
    protected static void remove(Node node, String... dirs) {
        StringBuilder cmd = new StringBuilder("rm -rf");
        for (String d : dirs) cmd.append(' ').append(Shell.quote(node.remote().nodePath(d)));
        node.remote().sh(cmd.toString());
    }

    @Override
    public void start(TestContext ctx, Node node) {
        for (Daemon d : faultable(ctx, node)) d.start();
    }

    @Override
    public void kill(TestContext ctx, Node node) {
        for (Daemon d : faultable(ctx, node)) d.kill();
    }

    @Override
    public void pause(TestContext ctx, Node node) {
        for (Daemon d : faultable(ctx, node)) d.pause();
    }

    @Override
    public void resume(TestContext ctx, Node node) {
        for (Daemon d : faultable(ctx, node)) d.resume();
    }
}
