package dev.faultline.targets.paxos;

import dev.faultline.harness.control.Daemon;
import dev.faultline.harness.control.Node;
import dev.faultline.harness.spi.HasDataDir;
import dev.faultline.harness.spi.TestContext;
import dev.faultline.targets.jvm.JvmBundle;
import dev.faultline.targets.jvm.JvmServerDb;

import java.util.ArrayList;
import java.util.List;

/**
 * Installs the Paxos server on a node (our jars, started under libfaketime by {@link Daemon}),
 * waits until it answers {@code /status}, and kills, pauses and restarts it for the nemeses. Not
 * PrimaryAware: every node proposes, there is no leader to aim at.
 */
final class PaxosDb extends JvmServerDb implements HasDataDir {
    static final String NAME = "paxos";
    static final String DATA_DIR = "/var/lib/faultline/paxos/data";
    static final String LOG_FILE = "/var/log/faultline/paxos.log";

    private final PaxosSettings settings;
    private final JvmBundle bundle;

    PaxosDb(PaxosSettings settings, JvmBundle bundle) {
        super(settings.startTimeout());
        this.settings = settings;
        this.bundle = bundle;
    }

    private Daemon daemon(TestContext ctx, Node node) {
        return daemon(node, NAME, bundle, settings.jvmOptions(), LOG_FILE, () -> {
            List<String> args = new ArrayList<>(List.of(
                    "--id", node.name(),
                    "--data-dir", node.remote().nodePath(DATA_DIR),
                    "--peers", peers(ctx, n -> settings.port(ctx.cluster(), n)),
                    "--request-timeout-ms", Long.toString(settings.requestTimeoutMs()),
                    "--peer-timeout-ms", Long.toString(settings.peerTimeoutMs())));
            if (settings.testRetryStallMs() > 0) args.addAll(List.of("--test-retry-stall-ms", Long.toString(settings.testRetryStallMs())));
            if (!settings.unsafe().isEmpty()) args.addAll(List.of("--unsafe", String.join(",", settings.unsafe())));
            return args;
        });
    }

    @Override
    protected List<Daemon> faultable(TestContext ctx, Node node) {
        return List.of(daemon(ctx, node));
    }

    @Override
    public void setup(TestContext ctx, Node node) throws Exception {
        bundle.install(node.remote());
        startFreshAndAwait(node, NAME, daemon(ctx, node), DATA_DIR, settings.port(ctx.cluster(), node), LOG_FILE);
    }

    @Override
    public void teardown(TestContext ctx, Node node) {
        stopAndRemove(node, daemon(ctx, node), DATA_DIR);
    }

    @Override
    public List<String> logFiles(TestContext ctx, Node node) {
        return List.of(LOG_FILE);
    }

    /** The acceptors' state. */
    @Override
    public String dataDir(TestContext ctx, Node node) {
        return DATA_DIR;
    }
}
