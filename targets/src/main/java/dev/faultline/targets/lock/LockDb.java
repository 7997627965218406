package dev.faultline.targets.lock;

import dev.faultline.harness.control.Daemon;
import dev.faultline.harness.control.Node;
import dev.faultline.harness.spi.PrimaryAware;
import dev.faultline.harness.spi.HasDataDir;
import dev.faultline.harness.spi.TestContext;
import dev.faultline.targets.jvm.JvmBundle;
import dev.faultline.targets.jvm.JvmServerDb;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Installs the lock service on every node and the fenced resource, as a second daemon, on the
 * first node. Both run under libfaketime ({@link Daemon}). Kill, pause and restart act on the lock
 * server only: the resource is the thing the locks protect and stays up (a stale holder is
 * simulated by the workload's slow clients, and by paused or partitioned lock servers).
 */
final class LockDb extends JvmServerDb implements PrimaryAware, HasDataDir {
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

    LockDb(LockSettings settings, JvmBundle lockBundle, JvmBundle resourceBundle) {
        super(settings.startTimeout());
        this.settings = settings;
        this.lockBundle = lockBundle;
        this.resourceBundle = resourceBundle;
    }

    /** The node that runs the fenced resource. */
    static Node resourceNode(TestContext ctx) {
        return ctx.cluster().nodes().get(0);
    }

    private static boolean isResourceNode(TestContext ctx, Node node) {
        return node.name().equals(resourceNode(ctx).name());
    }

    private Daemon lockDaemon(TestContext ctx, Node node) {
        return daemon(node, NAME, lockBundle, lockJvmOptions(node), LOG_FILE, () -> lockArgs(ctx, node));
    }

    private List<String> lockJvmOptions(Node node) {
        return lockBundle.jvmOptions(settings.jvmOptions(), settings.classData(), node.remote());
    }

    private List<String> lockArgs(TestContext ctx, Node node) {
        List<String> args = new ArrayList<>(List.of(
                "--id", node.name(),
                "--data-dir", node.remote().nodePath(DATA_DIR),
                "--peers", peers(ctx, n -> settings.raftPort(ctx.cluster(), n)),
                "--client-port", Integer.toString(settings.clientPort(ctx.cluster(), node)),
                "--advertise", node.address() + ":" + settings.clientPort(ctx.cluster(), node)));
        args.addAll(settings.lockServerArgs());
        return args;
    }

    private Daemon resourceDaemon(Node node) {
        return daemon(node, RESOURCE, resourceBundle, settings.jvmOptions(), RESOURCE_LOG_FILE, () -> {
            List<String> args = new ArrayList<>(List.of(
                    "--port", Integer.toString(settings.resourcePort()),
                    "--data-dir", node.remote().nodePath(RESOURCE_DATA_DIR)));
            args.addAll(settings.resourceArgs());
            return args;
        });
    }

    @Override
    protected List<Daemon> faultable(TestContext ctx, Node node) {
        return List.of(lockDaemon(ctx, node));
    }

    @Override
    public void setup(TestContext ctx, Node node) throws Exception {
        lockBundle.install(node.remote());
        if (settings.classData()) {
            int clientPort = settings.clientPort(ctx.cluster(), node) + TRAINING_PORT_OFFSET;
            List<String> args = trainingClusterArgs(node, DATA_DIR, settings.raftPort(ctx.cluster(), node), settings.clientPort(ctx.cluster(), node));
            args.addAll(List.of("--advertise", "127.0.0.1:" + clientPort));
            args.addAll(settings.lockServerArgs());
            trainClassData(node, NAME, lockBundle, lockJvmOptions(node), args, clientPort, DATA_DIR);
        }
        long pid = lockDaemon(ctx, node).startFresh(DATA_DIR);
        log.info("{}: lock server started (pid {})", node.name(), pid);
        boolean resource = isResourceNode(ctx, node);
        if (resource) {
            resourceBundle.install(node.remote());
            long rpid = resourceDaemon(node).startFresh(RESOURCE_DATA_DIR);
            log.info("{}: fenced resource started (pid {}){}", node.name(), rpid,
                    settings.unsafe().contains(LockSettings.NO_FENCING) ? " WITHOUT fencing" : "");
        } else {
            resourceDaemon(node).killAndWipe(RESOURCE_DATA_DIR); // an earlier run with another first node may have left one
        }
        awaitStatus(node, settings.clientPort(ctx.cluster(), node), LOG_FILE);
        if (resource) awaitStatus(node, settings.resourcePort(), RESOURCE_LOG_FILE);
    }

    @Override
    public void teardown(TestContext ctx, Node node) {
        lockDaemon(ctx, node).stop(Duration.ofSeconds(5));
        if (isResourceNode(ctx, node)) resourceDaemon(node).stop(Duration.ofSeconds(5));
        remove(node, DATA_DIR, RESOURCE_DATA_DIR);
    }

    @Override
    public List<String> logFiles(TestContext ctx, Node node) {
        return isResourceNode(ctx, node) ? List.of(LOG_FILE, RESOURCE_LOG_FILE) : List.of(LOG_FILE);
    }

    /** The leader that a majority of the nodes that answer agree on. */
    @Override
    public Optional<String> primary(TestContext ctx) {
        return majorityLeader(ctx, n -> settings.clientPort(ctx.cluster(), n));
    }

    /** Both the lock service's Raft state and the resource's (where the node runs it). */
    @Override
    public String dataDir(TestContext ctx, Node node) {
        return "/var/lib/faultline/lock";
    }
}
