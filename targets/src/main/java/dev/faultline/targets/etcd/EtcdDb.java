package dev.faultline.targets.etcd;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.harness.control.Daemon;
import dev.faultline.harness.control.Node;
import dev.faultline.harness.control.Shell;
import dev.faultline.harness.spi.Db;
import dev.faultline.harness.spi.HasDataDir;
import dev.faultline.harness.spi.Killable;
import dev.faultline.harness.spi.Pausable;
import dev.faultline.harness.spi.PrimaryAware;
import dev.faultline.harness.spi.TestContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs etcd (the node image's Debian etcd-server) on a node as a static cluster: every member is
 * named after its node, listens on the node's address, and knows every peer from the start. The
 * first start bootstraps ({@code --initial-cluster-state new}); a start after a kill finds its
 * write-ahead log and rejoins with {@code existing}. Killed with SIGKILL, paused with SIGSTOP, via
 * the harness's {@link Daemon}.
 *
 * <p>{@link Daemon} starts etcd under libfaketime like every target, but etcd is a Go program: it
 * reads the clock through the vDSO, so clock faults do not reach it (docs/etcd.md).
 */
final class EtcdDb implements Db, Killable, Pausable, PrimaryAware, HasDataDir {
    private static final Logger log = LoggerFactory.getLogger(EtcdDb.class);
    static final String NAME = "etcd";
    static final String DATA_DIR = "/var/lib/faultline/etcd/data";
    static final String LOG_FILE = "/var/log/faultline/etcd.log";

    private final EtcdSettings settings;
    private final HttpClient http = EtcdHttp.client(Duration.ofSeconds(1));

    EtcdDb(EtcdSettings settings) {
        this.settings = settings;
    }

    /** The etcd command line for this node; {@code existing} once the member has a write-ahead log. */
    List<String> command(TestContext ctx, Node node, boolean existing) {
        String client = "http://" + node.address() + ":" + settings.clientPort();
        String peer = "http://" + node.address() + ":" + settings.peerPort();
        List<String> cluster = new ArrayList<>();
        for (Node n : ctx.cluster().nodes()) cluster.add(n.name() + "=http://" + n.address() + ":" + settings.peerPort());
        return List.of(settings.binary(),
                "--name", node.name(),
                "--data-dir", node.remote().nodePath(DATA_DIR),
                "--listen-client-urls", client,
                "--advertise-client-urls", client,
                "--listen-peer-urls", peer,
                "--initial-advertise-peer-urls", peer,
                "--initial-cluster", String.join(",", cluster),
                "--initial-cluster-token", "faultline-" + ctx.options().testName(),
                "--initial-cluster-state", existing ? "existing" : "new",
                "--heartbeat-interval", Long.toString(settings.heartbeatMs()),
                "--election-timeout", Long.toString(settings.electionTimeoutMs()),
                "--logger", "zap", "--log-outputs", "stderr");
    }

    private Daemon daemon(TestContext ctx, Node node, boolean existing) {
        return new Daemon(node.remote(), Daemon.Spec.of(NAME, command(ctx, node, existing))
                .withLogFile(LOG_FILE).withWorkDir("/var/lib/faultline/etcd"));
    }

    /** For signals: the pidfile is the same whatever the command line. */
    private Daemon daemon(TestContext ctx, Node node) {
        return daemon(ctx, node, true);
    }

    /** Recorded by the clock nemesis' check-clock op (as "target-unaffected"), so its record does not claim etcd saw the skew. */
    static final String CLOCK_UNREACHED = "etcd is a Go program: it reads the clock through the vDSO, libfaketime does not reach it";

    @Override
    public void setup(TestContext ctx, Node node) throws Exception {
        String marker = node.remote().nodePath(Daemon.CLOCK_UNREACHED_FILE);
        node.remote().sh("mkdir -p \"$(dirname " + Shell.quote(marker) + ")\" && printf '%s\\n' " + Shell.quote(CLOCK_UNREACHED)
                + " > " + Shell.quote(marker)).orThrow(node.name() + ": writing " + marker);
        long pid = daemon(ctx, node, false).startFresh(DATA_DIR);
        log.info("{}: etcd started (pid {})", node.name(), pid);
        awaitHealthy(node, settings.startTimeout());
    }

    /** Waits until the member reports healthy (it has a leader); fails with the end of its log if it does not. */
    void awaitHealthy(Node node, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (EtcdHttp.healthy(http, node.address(), settings.clientPort(), Duration.ofSeconds(2))) return;
            Thread.sleep(250);
        }
        String tail = node.remote().sh("tail -n 20 " + Shell.quote(node.remote().nodePath(LOG_FILE)) + " 2>/dev/null").stdout();
        throw new IllegalStateException(node.name() + ": etcd was not healthy at http://" + node.address() + ":"
                + settings.clientPort() + "/health within " + within.toSeconds() + " s; end of its log:\n" + tail);
    }

    @Override
    public void teardown(TestContext ctx, Node node) {
        daemon(ctx, node).stop(Duration.ofSeconds(5));
        node.remote().sh("rm -rf " + Shell.quote(node.remote().nodePath(DATA_DIR)) + " "
                + Shell.quote(node.remote().nodePath(Daemon.CLOCK_UNREACHED_FILE)));
    }

    /** Restarts a killed member on its existing data; a no-op where etcd runs. */
    @Override
    public void start(TestContext ctx, Node node) {
        boolean hasWal = node.remote().sh("test -d " + Shell.quote(node.remote().nodePath(DATA_DIR) + "/member/wal")).exitCode() == 0;
        daemon(ctx, node, hasWal).start();
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
        return List.of(LOG_FILE);
    }

    /**
     * The leader a majority of the members that answer agree on: each member's
     * {@code /v3/maintenance/status} names the leader's member id, and {@code /v3/cluster/member/list}
     * maps member ids to names (our node names).
     */
    @Override
    public Optional<String> primary(TestContext ctx) {
        Map<String, String> names = new HashMap<>();
        Map<String, Integer> votes = new HashMap<>();
        Duration t = Duration.ofMillis(500);
        for (Node n : ctx.cluster().nodes()) {
            Optional<JsonNode> status = EtcdHttp.call(http, n.address(), settings.clientPort(), "/v3/maintenance/status", Map.of(), t);
            String leader = status.map(s -> s.path("leader").asText("")).orElse("");
            if (leader.isEmpty() || leader.equals("0")) continue;
            votes.merge(leader, 1, Integer::sum);
            if (!names.containsKey(leader)) {
                EtcdHttp.call(http, n.address(), settings.clientPort(), "/v3/cluster/member/list", Map.of(), t)
                        .ifPresent(list -> list.path("members").forEach(m -> names.put(m.path("ID").asText(), m.path("name").asText())));
            }
        }
        int majority = ctx.cluster().size() / 2 + 1;
        return votes.entrySet().stream().filter(e -> e.getValue() >= majority)
                .map(e -> names.get(e.getKey())).filter(name -> name != null && !name.isEmpty()).findFirst();
    }

    /** etcd's WAL and snapshots. */
    @Override
    public String dataDir(TestContext ctx, Node node) {
        return DATA_DIR;
    }
}
