package dev.faultline.harness.provision;

import dev.faultline.harness.control.Cluster;
import dev.faultline.harness.control.Node;
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
import java.util.List;
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
 * <p>{@link #close()} kills the process (and its descendants) of every pidfile under the sandboxes and deletes
 * them (unless asked to keep them).
 */
public final class LocalProvisioner implements Provisioner {
    private static final Logger log = LoggerFactory.getLogger(LocalProvisioner.class);

    private final Path base;
    private final RunIdentity run;
    private final boolean keep;
    private final List<LocalRemote> remotes = new ArrayList<>();
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
        return new LocalProvisioner(Path.of(System.getProperty("java.io.tmpdir"), "faultline-local-" + run.runId()), run, false);
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
        int h = Math.floorMod(run.runId().hashCode(), 250 * 250);
        String prefix = "127." + (1 + h / 250) + "." + (1 + h % 250) + ".";
        List<Node> nodes = new ArrayList<>();
        for (int i = 1; i <= nodeCount; i++) {
            String name = "n" + i;
            String address = prefix + i;
            checkBindable(address);
            LocalRemote remote = new LocalRemote(name, base.resolve(name), address);
            remotes.add(remote);
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
        for (LocalRemote r : remotes) killDaemons(r.root());
        if (!keep && Files.isDirectory(base)) {
            try (Stream<Path> s = Files.walk(base)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                log.warn("could not delete {}: {}", base, e.getMessage());
            }
        }
    }

    /** SIGKILL to the process named by every *.pid file in a sandbox, and to its descendants. */
    static void killDaemons(Path root) {
        if (!Files.isDirectory(root)) return;
        try (Stream<Path> s = Files.walk(root)) {
            s.filter(p -> p.toString().endsWith(".pid") && Files.isRegularFile(p)).forEach(pidFile -> {
                try {
                    long pid = Long.parseLong(Files.readString(pidFile).strip());
                    ProcessHandle.of(pid).ifPresent(p -> {
                        p.descendants().forEach(ProcessHandle::destroyForcibly);
                        p.destroyForcibly();
                    });
                } catch (IOException | NumberFormatException ignored) {
                    // not a pidfile of ours
                }
            });
        } catch (IOException e) {
            log.warn("could not scan {} for daemons: {}", root, e.getMessage());
        }
    }
}
