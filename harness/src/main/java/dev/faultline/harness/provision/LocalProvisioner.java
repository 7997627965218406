package dev.faultline.harness.provision;

import dev.faultline.harness.control.Cluster;
import dev.faultline.harness.control.Node;
import dev.faultline.harness.control.ProcessMarker;
import dev.faultline.harness.control.Provisioner;
import dev.faultline.harness.control.RemoteException;
import dev.faultline.harness.control.local.LocalRemote;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Nodes that are process sandboxes on this machine, for runs without Docker: each node is a
 * directory ({@code <base>/n1 …}) and a loopback address of its own ({@code 127.A.B.1 …}, with
 * A.B derived from the run id so that concurrent runs do not collide), so every node's target can
 * listen on the same port. Linux routes all of 127/8 to loopback; elsewhere provisioning fails.
 *
 * <p>What local mode cannot do: network faults (no iptables or tc: the nodes share the host's
 * network stack) and anything else needing root inside a node. Kills, pauses and, where the
 * {@code faketime} package is installed, clock skew work. Node names do not resolve; targets must
 * address peers by {@link Node#address()}.
 *
 * <p>Every node gets the run's {@link ProcessMarker#FILE}, so its daemons carry the run's identity.
 * {@link #provision} first kills the marked processes of runs whose controller is dead (a
 * controller killed with SIGKILL runs no cleanup) and deletes their temporary sandboxes
 * ({@code $TMPDIR/faultline-local-<run>} with an {@value #OWNER_FILE} naming a dead controller);
 * processes and directories without our marker, and those of live runs, are never touched.
 * {@link #close()} kills this run's marked processes (and any process started by a daemon whose
 * pidfile is in the sandboxes) and deletes the sandboxes (unless asked to keep them).
 */
public final class LocalProvisioner implements Provisioner {
    private static final Logger log = LoggerFactory.getLogger(LocalProvisioner.class);
    /** In a temporary base directory: the owning run's identity ({@link RunIdentity#markerFile}). */
    static final String OWNER_FILE = "owner.env";
    private static final String TEMP_PREFIX = "faultline-local-";

    private final Path base;
    private final RunIdentity run;
    private final boolean keep;
    private boolean closed;

    /**
     * @param base where the sandboxes go (created)
     * @param keep keep the sandboxes after close (for inspecting logs)
     */
    public LocalProvisioner(Path base, RunIdentity run, boolean keep) {
        this.base = base.toAbsolutePath().normalize();
        this.run = run;
        this.keep = keep;
    }

    public static LocalProvisioner inTempDir() {
        RunIdentity run = RunIdentity.forThisProcess();
        return new LocalProvisioner(tempRoot().resolve(TEMP_PREFIX + run.runId()), run, false);
    }

    public Path base() {
        return base;
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public synchronized Cluster provision(int nodeCount) {
        if (nodeCount < 1 || nodeCount > 250) throw new IllegalArgumentException("node count must be 1..250: " + nodeCount);
        if (closed) throw new IllegalStateException("closed");
        reapDeadRuns();
        if (!keep) writeFile(base.resolve(OWNER_FILE), run.markerFile());
        int h = Math.floorMod(run.runId().hashCode(), 250 * 250);
        String prefix = "127." + (1 + h / 250) + "." + (1 + h % 250) + ".";
        List<Node> nodes = new ArrayList<>();
        for (int i = 1; i <= nodeCount; i++) {
            String name = "n" + i;
            String address = prefix + i;
            checkBindable(address);
            LocalRemote remote = new LocalRemote(name, base.resolve(name), address);
            writeFile(Path.of(remote.nodePath(ProcessMarker.FILE)), run.markerFile());
            nodes.add(new Node(name, address, remote));
        }
        log.info("run {}: {} local nodes under {} on {}1..{} (no network faults in local mode)", run.runId(), nodeCount,
                base, prefix, nodeCount);
        return new Cluster(nodes);
    }

    private static void checkBindable(String address) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
        } catch (IOException e) {
            throw new RemoteException("local mode needs loopback address " + address + " (Linux routes all of 127.0.0.0/8 to lo): "
                    + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        String sandboxes = base + "/";
        try {
            List<Long> killed = MarkedProcesses.kill(MarkedProcesses.THIS_MACHINE,
                    m -> run.runId().equals(m.run().orElse(null)) || m.env().getOrDefault(ProcessMarker.ENV_PIDFILE, "").startsWith(sandboxes),
                    m -> m.run().isPresent() ? ProcessMarker.ENV_RUN + "=" + m.run().get()
                            : ProcessMarker.ENV_PIDFILE + "=" + m.env().get(ProcessMarker.ENV_PIDFILE));
            if (!killed.isEmpty()) log.info("run {}: killed {} local node processes {}", run.runId(), killed.size(), killed);
        } catch (RuntimeException e) { // never throw from cleanup; the next run's sweep gets them
            log.warn("run {}: could not kill the local node processes: {}", run.runId(), e.getMessage());
        }
        if (!keep) delete(base);
    }

    /**
     * Kills the marked processes of local runs whose controller is dead and deletes their temporary
     * sandboxes. Never throws: a failed sweep is logged, and provisioning goes on.
     */
    static void reapDeadRuns() {
        try {
            MarkedProcesses.Sweep sweep = MarkedProcesses.sweepDeadRuns(MarkedProcesses.THIS_MACHINE);
            if (!sweep.isEmpty()) {
                log.info("killed {} local processes of dead runs {}: {}", sweep.killed().size(), sweep.deadRuns(), sweep.killed());
            }
        } catch (RuntimeException e) {
            log.warn("could not sweep local processes of dead runs: {}", e.getMessage());
        }
        String boot = RunIdentity.currentBootId();
        try (Stream<Path> dirs = Files.list(tempRoot())) {
            for (Path dir : (Iterable<Path>) dirs::iterator) {
                Path owner = dir.resolve(OWNER_FILE);
                if (!dir.getFileName().toString().startsWith(TEMP_PREFIX) || !Files.isRegularFile(owner)) continue;
                Optional<RunIdentity> id = RunIdentity.fromMarker(readMarker(owner));
                if (id.isPresent() && dir.getFileName().toString().equals(TEMP_PREFIX + id.get().runId())
                        && Leftovers.ownerGone(id.get().labels(), boot, true)) {
                    delete(dir);
                    log.info("deleted {}, the sandboxes of dead run {}", dir, id.get().runId());
                }
            }
        } catch (IOException | RuntimeException e) {
            log.warn("could not sweep sandboxes of dead runs: {}", e.getMessage());
        }
    }

    private static Path tempRoot() {
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    private static Map<String, String> readMarker(Path file) throws IOException {
        Map<String, String> vars = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            if (eq > 0) vars.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return vars;
    }

    private static void writeFile(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new RemoteException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void delete(Path dir) {
        if (!Files.isDirectory(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.warn("could not delete {}: {}", dir, e.getMessage());
        }
    }
}
