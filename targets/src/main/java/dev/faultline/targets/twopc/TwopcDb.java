package dev.faultline.targets.twopc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.harness.control.Daemon;
import dev.faultline.harness.control.Node;
import dev.faultline.harness.spi.PrimaryAware;
import dev.faultline.harness.spi.HasDataDir;
import dev.faultline.harness.spi.TestContext;
import dev.faultline.targets.http.JsonHttp;
import dev.faultline.targets.jvm.JvmBundle;
import dev.faultline.targets.jvm.JvmServerDb;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Installs twopc-bank: a participant on every node (id = node name, accounts dealt round-robin) and
 * the coordinator on the first node, each a {@link Daemon} under libfaketime. Kill, pause and
 * restart act on every process of the node: on the first node that is the coordinator and its
 * participant together (a crash of that machine).
 */
final class TwopcDb extends JvmServerDb implements PrimaryAware, HasDataDir {
    private static final Logger log = LoggerFactory.getLogger(TwopcDb.class);
    static final String NAME = "twopc-bank";
    static final String PARTICIPANT = "twopc-participant";
    static final String COORDINATOR = "twopc-coordinator";
    static final String PARTICIPANT_DATA = "/var/lib/faultline/twopc-bank/participant";
    static final String COORDINATOR_DATA = "/var/lib/faultline/twopc-bank/coordinator";
    static final String PARTICIPANT_LOG = "/var/log/faultline/twopc-participant.log";
    static final String COORDINATOR_LOG = "/var/log/faultline/twopc-coordinator.log";

    private final TwopcSettings settings;
    private final JvmBundle bundle;

    TwopcDb(TwopcSettings settings, JvmBundle bundle) {
        super(settings.startTimeout());
        this.settings = settings;
        this.bundle = bundle;
    }

    /** The node that runs the coordinator (and serves the clients). */
    static Node coordinatorNode(TestContext ctx) {
        return ctx.cluster().nodes().get(0);
    }

    private static boolean isCoordinator(TestContext ctx, Node node) {
        return node.name().equals(coordinatorNode(ctx).name());
    }

    private Daemon participant(TestContext ctx, Node node) {
        return daemon(node, PARTICIPANT, bundle, settings.jvmOptions(), PARTICIPANT_LOG, () -> {
            Node c = coordinatorNode(ctx);
            List<String> args = new ArrayList<>(List.of(
                    "--role", "participant", "--id", node.name(),
                    "--data-dir", node.remote().nodePath(PARTICIPANT_DATA),
                    "--port", Integer.toString(settings.participantPort(ctx.cluster(), node)),
                    "--accounts", settings.accountsOf(ctx.cluster(), node),
                    "--initial-balance", Long.toString(settings.bank().initialBalance()),
                    "--coordinator", c.address() + ":" + settings.coordinatorPort()));
            args.addAll(settings.participantArgs());
            return args;
        });
    }

    private Daemon coordinator(TestContext ctx, Node node) {
        return daemon(node, COORDINATOR, bundle, settings.jvmOptions(), COORDINATOR_LOG, () -> {
            List<String> args = new ArrayList<>(List.of(
                    "--role", "coordinator", "--id", "c",
                    "--data-dir", node.remote().nodePath(COORDINATOR_DATA),
                    "--client-port", Integer.toString(settings.coordinatorPort()),
                    "--participants", peers(ctx, n -> settings.participantPort(ctx.cluster(), n))));
            args.addAll(settings.coordinatorArgs());
            return args;
        });
    }

    /** The node's daemons, participant first: faults hit the whole node. */
    @Override
    protected List<Daemon> faultable(TestContext ctx, Node node) {
        return isCoordinator(ctx, node) ? List.of(participant(ctx, node), coordinator(ctx, node)) : List.of(participant(ctx, node));
    }

    @Override
    public void setup(TestContext ctx, Node node) throws Exception {
        bundle.install(node.remote());
        long pid = participant(ctx, node).startFresh(PARTICIPANT_DATA);
        log.info("{}: participant {} started (pid {}), accounts {}", node.name(), node.name(), pid, settings.accountsOf(ctx.cluster(), node));
        if (isCoordinator(ctx, node)) {
            long cpid = coordinator(ctx, node).startFresh(COORDINATOR_DATA);
            log.info("{}: coordinator started (pid {})", node.name(), cpid);
        } else {
            coordinator(ctx, node).killAndWipe(COORDINATOR_DATA); // an earlier run with another first node may have left one
        }
        awaitStatus(node, settings.participantPort(ctx.cluster(), node), PARTICIPANT_LOG);
        if (isCoordinator(ctx, node)) awaitStatus(node, settings.coordinatorPort(), COORDINATOR_LOG);
    }

    @Override
    public void teardown(TestContext ctx, Node node) {
        for (Daemon d : faultable(ctx, node)) d.stop(Duration.ofSeconds(5));
        remove(node, PARTICIPANT_DATA, COORDINATOR_DATA);
    }

    @Override
    public List<String> logFiles(TestContext ctx, Node node) {
        List<String> files = new ArrayList<>(List.of(PARTICIPANT_LOG, PARTICIPANT_DATA + "/participant.log", PARTICIPANT_DATA + "/state.json"));
        if (isCoordinator(ctx, node)) files.addAll(List.of(COORDINATOR_LOG, COORDINATOR_DATA + "/coordinator.log"));
        return files;
    }

    /**
     * The coordinator's node, once the coordinator and every participant answer {@code /status} and
     * the coordinator knows every participant's accounts: the bank can serve transfers and reads.
     */
    @Override
    public Optional<String> primary(TestContext ctx) {
        Node c = coordinatorNode(ctx);
        Optional<JsonNode> status = JsonHttp.status(http, c.address(), settings.coordinatorPort(), Duration.ofMillis(500));
        if (status.isEmpty() || !status.get().path("unmapped").isEmpty()) return Optional.empty();
        for (Node n : ctx.cluster().nodes()) {
            if (JsonHttp.status(http, n.address(), settings.participantPort(ctx.cluster(), n), Duration.ofMillis(500)).isEmpty()) {
                return Optional.empty();
            }
        }
        return Optional.of(c.name());
    }

    /** The participant's log and state, and the coordinator's log where the node runs it. */
    @Override
    public String dataDir(TestContext ctx, Node node) {
        return "/var/lib/faultline/twopc-bank";
    }
}
