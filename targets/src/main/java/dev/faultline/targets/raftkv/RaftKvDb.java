package dev.faultline.targets.raftkv;

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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Installs raft-kv on a node (our jars, started under libfaketime by {@link Daemon}), waits until
 * it answers {@code /status}, and kills, pauses and restarts it for the nemeses.
 */
final class RaftKvDb implements Db {
    private static final Logger log = LoggerFactory.getLogger(RaftKvDb.class);
    static final String NAME = "raft-kv";
    static final String DATA_DIR = "/var/lib/faultline/raft-kv/data";
    static final String LOG_FILE = "/var/log/faultline/raft-kv.log";

    private final RaftKvSettings settings;
    private final JvmBundle bundle;
    private final HttpClient http = JsonHttp.client(Duration.ofSeconds(1));
    private final Map<String, Daemon> daemons = new ConcurrentHashMap<>();

    RaftKvDb(RaftKvSettings settings, JvmBundle bundle) {
        this.settings = settings;
        this.bundle = bundle;
    }

    private Daemon daemon(TestContext ctx, Node node) {
        return daemons.computeIfAbsent(node.name(), n -> {
            List<String> args = new ArrayList<>(List.of(
                    "--id", node.name(),
                    "--data-dir", node.remote().nodePath(DATA_DIR),
                    "--peers", peers(ctx),
                    "--client-port", Integer.toString(settings.clientPort(ctx.cluster(), node))));
            args.addAll(settings.serverArgs());
            if (!settings.unsafe().isEmpty()) args.addAll(List.of("--unsafe", String.join(",", settings.unsafe())));
            Daemon.Spec spec = Daemon.Spec.of(NAME, bundle.command(node.remote(), settings.jvmOptions(), args))
                    .withLogFile(LOG_FILE);
            return new Daemon(node.remote(), spec);
        });
    }

    private String peers(TestContext ctx) {
        List<String> out = new ArrayList<>();
        for (Node n : ctx.cluster().nodes()) out.add(n.name() + "=" + n.address() + ":" + settings.raftPort(ctx.cluster(), n));
        return String.join(",", out);
    }

    @Override
    public void setup(TestContext ctx, Node node) throws Exception {
        bundle.install(node.remote());
        Daemon d = daemon(ctx, node);
        long pid = d.start();
        log.info("{}: raft-kv started (pid {})", node.name(), pid);
        awaitStatus(node, settings.clientPort(ctx.cluster(), node), settings.startTimeout());
    }

    /** Waits until the node answers /status; fails with the end of its log if it does not. */
    void awaitStatus(Node node, int port, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (JsonHttp.status(http, node.address(), port, Duration.ofSeconds(1)).isPresent()) return;
            Thread.sleep(200);
        }
        String tail = node.remote().sh("tail -n 20 " + Shell.quote(node.remote().nodePath(LOG_FILE)) + " 2>/dev/null").stdout();
        throw new IllegalStateException(node.name() + ": raft-kv did not answer http://" + node.address() + ":"
                + port + "/status within " + within.toSeconds() + " s; end of its log:\n" + tail);
    }

    @Override
    public void teardown(TestContext ctx, Node node) {
        daemon(ctx, node).stop(Duration.ofSeconds(5));
        node.remote().sh("rm -rf " + Shell.quote(node.remote().nodePath(DATA_DIR)));
    }

    @Override
    public void start(TestContext ctx, Node node) {
        daemon(ctx, node).start();
    }

    @Override
    public void kill(TestContext ctx, Node node) {
        daemon(ctx, node).kill();
    }

    @Override
    public void pause(TestContext ctx, Node node) {
        daemon(ctx, node).pause();
    }

    @Override
    public void resume(TestContext ctx, Node node) {
        daemon(ctx, node).resume();
    }

    @Override
    public List<String> logFiles(TestContext ctx, Node node) {
        return List.of(LOG_FILE, DATA_DIR + "/raft-kv.log");
    }

    /** The leader that a majority of the nodes that answer agree on. */
    @Override
    public Optional<String> primary(TestContext ctx) {
        Map<String, Integer> votes = new java.util.HashMap<>();
        for (Node n : ctx.cluster().nodes()) {
            Optional<JsonNode> s = JsonHttp.status(http, n.address(), settings.clientPort(ctx.cluster(), n), Duration.ofMillis(500));
            s.map(j -> j.path("leader").asText(null)).filter(l -> !l.isEmpty() && !l.equals("null"))
                    .ifPresent(l -> votes.merge(l, 1, Integer::sum));
        }
        int majority = ctx.cluster().size() / 2 + 1;
        return votes.entrySet().stream().filter(e -> e.getValue() >= majority).map(Map.Entry::getKey).findFirst();
    }
}
