package dev.faultline.targets.raftkv;

import dev.faultline.harness.control.Daemon;
import dev.faultline.harness.control.Node;
import dev.faultline.harness.spi.PrimaryAware;
import dev.faultline.harness.spi.HasDataDir;
import dev.faultline.harness.spi.TestContext;
import dev.faultline.targets.jvm.JvmBundle;
import dev.faultline.targets.jvm.JvmServerDb;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Installs raft-kv on a node (our jars, started under libfaketime by {@link Daemon}), waits until
 * it answers {@code /status}, and kills, pauses and restarts it for the nemeses.
 */
final class RaftKvDb extends JvmServerDb implements PrimaryAware, HasDataDir {
    static final String NAME = "raft-kv";
    static final String DATA_DIR = "/var/lib/faultline/raft-kv/data";
    static final String LOG_FILE = "/var/log/faultline/raft-kv.log";

    private final RaftKvSettings settings;
    private final JvmBundle bundle;

    RaftKvDb(RaftKvSettings settings, JvmBundle bundle) {
        super(settings.startTimeout());
        this.settings = settings;
        this.bundle = bundle;
    }

    private Daemon daemon(TestContext ctx, Node node) {
        return daemon(node, NAME, bundle, jvmOptions(node), LOG_FILE, () -> args(ctx, node));
    }

    private List<String> jvmOptions(Node node) {
        return bundle.jvmOptions(settings.jvmOptions(), settings.classData(), node.remote());
    }

    private List<String> args(TestContext ctx, Node node) {
        List<String> args = new ArrayList<>(List.of(
                "--id", node.name(),
                "--data-dir", node.remote().nodePath(DATA_DIR),
                "--peers", peers(ctx, n -> settings.raftPort(ctx.cluster(), n)),
                "--client-port", Integer.toString(settings.clientPort(ctx.cluster(), node))));
        args.addAll(settings.serverArgs());
        if (!settings.unsafe().isEmpty()) args.addAll(List.of("--unsafe", String.join(",", settings.unsafe())));
        return args;
    }

    @Override
    protected List<Daemon> faultable(TestContext ctx, Node node) {
        return List.of(daemon(ctx, node));
    }

    @Override
    public void setup(TestContext ctx, Node node) throws Exception {
        bundle.install(node.remote());
        if (settings.classData()) {
            int clientPort = settings.clientPort(ctx.cluster(), node);
            List<String> args = trainingClusterArgs(node, DATA_DIR, settings.raftPort(ctx.cluster(), node), clientPort);
            trainClassData(node, NAME, bundle, jvmOptions(node), args, clientPort + TRAINING_PORT_OFFSET, DATA_DIR);
        }
        startFreshAndAwait(node, NAME, daemon(ctx, node), DATA_DIR, settings.clientPort(ctx.cluster(), node), LOG_FILE);
    }

    @Override
    public void teardown(TestContext ctx, Node node) {
        stopAndRemove(node, daemon(ctx, node), DATA_DIR);
    }

    @Override
    public List<String> logFiles(TestContext ctx, Node node) {
        // The daemon's output: every log line (raft-kv-logback.xml writes them to stdout too), plus
        // whatever the JVM prints before or after logging; appended across restarts. The server's own
        // DATA_DIR/raft-kv.log repeats the log lines under the same name, so it is not collected.
        return List.of(LOG_FILE);
    }

    /** The leader that a majority of the nodes that answer agree on. */
    @Override
    public Optional<String> primary(TestContext ctx) {
        return majorityLeader(ctx, n -> settings.clientPort(ctx.cluster(), n));
    }

    /** The Raft log, term and vote, snapshots (and the server's own log file). */
    @Override
    public String dataDir(TestContext ctx, Node node) {
        return DATA_DIR;
    }
}
