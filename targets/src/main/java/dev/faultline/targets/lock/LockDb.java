package dev.faultline.targets.lock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.harness.control.Daemon;
import dev.faultline.harness.control.Node;
import dev.faultline.harness.control.Shell;
import dev.faultline.harness.spi.Db;
import dev.faultline.harness.spi.TestContext;
import dev.faultline.targets.jvm.JvmBundle;
import dev.faultline.targets.http.JsonHttp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Installs the lock service on every node and the fenced resource, as a second daemon, on the
 * first node. Both run under libfaketime ({@link Daemon}). Kill, pause and restart act on the lock
 * server only: the resource is the thing the locks protect and stays up (a stale holder is
 * simulated by the workload's slow clients, and by paused or partitioned lock servers).
 */
final class LockDb implements Db {
    private static final Logger log = LoggerFactory.getLogger(LockDb.class);
    static final String NAME = "lock";
    static final String RESOURCE = "lock-resource";
    static final String DATA_DIR = "/var/lib/faultline/lock/data";
    static final String RESOURCE_DATA_DIR = "/var/lib/faultline/lock/resource";
    static final String LOG_FILE = "/var/log/faultline/lock.log";
    static final String RESOURCE_LOG_FILE = "/var/log/faultline/lock-resource.log";

    private final LockSettings settings;
    private final JvmBundle lockBundle;
    private final JvmBundle resourceBundle;
    private final HttpClient http = JsonHttp.client(Duration.ofSeconds(1));
    private final Map<String, Daemon> daemons = new ConcurrentHashMap<>();

    LockDb(LockSettings settings, JvmBundle lockBundle, JvmBundle resourceBundle) {
        this.settings = settings;
        this.lockBundle = lockBundle;
        this.resourceBundle = resourceBundle;
    }

    /** The node that runs the fenced resource. */
    static Node resourceNode(TestContext ctx) {
        return ctx.cluster().nodes().get(0);
    }

    private Daemon lockDaemon(TestContext ctx, Node node) {
        return daemons.computeIfAbsent(node.name(), n -> {
            List<String> args = new ArrayList<>(List.of(
                    "--id", node.name(),
                    "--data-dir", node.remote().nodePath(DATA_DIR),
                    "--peers", peers(ctx),
                    "--client-port", Integer.toString(settings.clientPort(ctx.cluster(), node)),
                    "--advertise", node.address() + ":" + settings.clientPort(ctx.cluster(), node)));
            args.addAll(settings.lockServerArgs());
            return new Daemon(node.remote(), Daemon.Spec.of(NAME, lockBundle.command(node.remote(), settings.jvmOptions(), args))
                    .withLogFile(LOG_FILE));
        });
    }

    private Daemon resourceDaemon(Node node) {
        return daemons.computeIfAbsent(node.name() + "/" + RESOURCE, n -> {
            List<String> args = new ArrayList<>(List.of(
                    "--port", Integer.toString(settings.resourcePort()),
                    "--data-dir", node.remote().nodePath(RESOURCE_DATA_DIR)));
            args.addAll(settings.resourceArgs());
            return new Daemon(node.remote(), Daemon.Spec.of(RESOURCE,
                    resourceBundle.command(node.remote(), settings.jvmOptions(), args)).withLogFile(RESOURCE_LOG_FILE));
        });
    }

    private String peers(TestContext ctx) {
        List<String> out = new ArrayList<>();
        for (Node n : ctx.cluster().nodes()) out.add(n.name() + "=" + n.address() + ":" + settings.raftPort(ctx.cluster(), n));
        return String.join(",", out);
    }

    @Override
    public void setup(TestContext ctx, Node node) throws Exception {
        lockBundle.install(node.remote());
        long pid = lockDaemon(ctx, node).start();
        log.info("{}: lock server started (pid {})", node.name(), pid);
        boolean resource = node.name().equals(resourceNode(ctx).name());
        if (resource) {
            resourceBundle.install(node.remote());
            long rpid = resourceDaemon(node).start();
            log.info("{}: fenced resource started (pid {}){}", node.name(), rpid,
                    settings.unsafe().contains(LockSettings.NO_FENCING) ? " WITHOUT fencing" : "");
        }
        awaitStatus(node, settings.clientPort(ctx.cluster(), node), LOG_FILE);
        if (resource) awaitStatus(node, settings.resourcePort(), RESOURCE_LOG_FILE);
    }

    /** Waits until the node answers /status on {@code port}; fails with the end of the log if it does not. */
    private void awaitStatus(Node node, int port, String logFile) throws InterruptedException {
        Duration within = settings.startTimeout();
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (JsonHttp.status(http, node.address(), port, Duration.ofSeconds(1)).isPresent()) return;
            Thread.sleep(200);
        }
        String tail = node.remote().sh("tail -n 20 " + Shell.quote(node.remote().nodePath(logFile)) + " 2>/dev/null").stdout();
        throw new IllegalStateException(node.name() + ": nothing answered http://" + node.address() + ":" + port
                + "/status within " + within.toSeconds() + " s; end of " + logFile + ":\n" + tail);
    }

    @Override
    public void teardown(TestContext ctx, Node node) {
        lockDaemon(ctx, node).stop(Duration.ofSeconds(5));
        if (node.name().equals(resourceNode(ctx).name())) resourceDaemon(node).stop(Duration.ofSeconds(5));
        node.remote().sh("rm -rf " + Shell.quote(node.remote().nodePath(DATA_DIR)) + " "
                + Shell.quote(node.remote().nodePath(RESOURCE_DATA_DIR)));
    }

    @Override
    public void start(TestContext ctx, Node node) {
        lockDaemon(ctx, node).start();
    }

    @Override
    public void kill(TestContext ctx, Node node) {
        lockDaemon(ctx, node).kill();
    }

    @Override
    public void pause(TestContext ctx, Node node) {
        lockDaemon(ctx, node).pause();
    }

    @Override
    public void resume(TestContext ctx, Node node) {
        lockDaemon(ctx, node).resume();
    }

    @Override
    public List<String> logFiles(TestContext ctx, Node node) {
        return node.name().equals(resourceNode(ctx).name()) ? List.of(LOG_FILE, RESOURCE_LOG_FILE) : List.of(LOG_FILE);
    }

    /** The leader that a majority of the nodes that answer agree on. */
    @Override
    public Optional<String> primary(TestContext ctx) {
        Map<String, Integer> votes = new HashMap<>();
        for (Node n : ctx.cluster().nodes()) {
            Optional<JsonNode> s = JsonHttp.status(http, n.address(), settings.clientPort(ctx.cluster(), n), Duration.ofMillis(500));
            s.map(j -> j.path("leader").asText(null)).filter(l -> l != null && !l.isEmpty() && !l.equals("null"))
                    .ifPresent(l -> votes.merge(l, 1, Integer::sum));
        }
        int majority = ctx.cluster().size() / 2 + 1;
        return votes.entrySet().stream().filter(e -> e.getValue() >= majority).map(Map.Entry::getKey).findFirst();
    }
}
