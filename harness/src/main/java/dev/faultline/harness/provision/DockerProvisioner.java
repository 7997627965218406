package dev.faultline.harness.provision;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.Device;
import com.github.dockerjava.api.model.HostConfig;
import dev.faultline.harness.control.Cluster;
import dev.faultline.harness.control.ExecResult;
import dev.faultline.harness.control.KeepableProvisioner;
import dev.faultline.harness.control.Node;
import dev.faultline.harness.control.ProcessMarker;
import dev.faultline.harness.control.Provisioner;
import dev.faultline.harness.control.RemoteException;
import dev.faultline.harness.control.Shell;
import dev.faultline.harness.control.docker.DockerEngine;
import dev.faultline.harness.control.docker.DockerRemote;
import dev.faultline.harness.spi.NodeRights;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs the nodes of a test as containers {@code faultline-<run>-n1 … nN} on a network of their own
 * created with {@code --internal} (no route to the outside world). Each container's hostname and
 * network alias is its node name, so peers reach each other as {@code n1 … nN}; the controller
 * reaches them at their IP on that network (the engine's bridge has an address on it).
 *
 * <p>Containers get only {@code NET_ADMIN} (iptables, tc netem) on top of Docker's defaults, plus
 * the devices and capabilities a fault of this run declares ({@link #withNodeRights}): never
 * privileged, never host networking. PID 1 is the engine's init (tini), which reaps the processes
 * the nemesis kills, around {@code sleep infinity}. The default route the engine installs even on
 * internal networks is deleted inside every container, so nothing can leave the cluster's subnet.
 *
 * <p>Everything is labelled with the {@link RunIdentity} (and every node gets it as
 * {@link ProcessMarker#FILE}, for its daemons); {@link #close()} removes what this run created, is
 * idempotent, and is registered as a shutdown hook until it has run (unless
 * {@link #withoutShutdownHook}). What a killed controller leaves is removed by {@link Leftovers}.
 */
public final class DockerProvisioner implements KeepableProvisioner {
    private static final Logger log = LoggerFactory.getLogger(DockerProvisioner.class);
    public static final String LABEL_NODE = "faultline.node";

    private final DockerClient docker;
    private final String image;
    private final RunIdentity run;
    private final Thread shutdownHook;
    private final Object lock = new Object();
    private boolean closed; // guarded by lock
    private boolean provisioned; // guarded by lock
    private volatile boolean ownShutdownHook = true;
    private volatile boolean keep;
    private volatile NodeRights rights = NodeRights.NONE;
    private final List<String> nodeNames = new java.util.concurrent.CopyOnWriteArrayList<>();

    public DockerProvisioner(DockerClient docker, String image, RunIdentity run) {
        this.docker = docker;
        this.image = image;
        this.run = run;
        this.shutdownHook = new Thread(this::removeAll, "faultline-docker-cleanup-" + run.runId());
    }

    /** Nodes from the debootstrap-built node image (built first if missing), for a fresh run id. */
    public static DockerProvisioner withNodeImage() {
        return withNodeImage(NodeImage.debootstrap());
    }

    /** Nodes from the given node image (built first if missing), for a fresh run id. */
    public static DockerProvisioner withNodeImage(NodeImage image) {
        return new DockerProvisioner(DockerEngine.client(), image.ensure(), RunIdentity.forThisProcess());
    }

    /**
     * For callers with a shutdown path of their own (the runner heals faults and collects node logs
     * first, then closes this provisioner): no shutdown hook of this provisioner's, which would
     * race with theirs and remove the containers too early.
     */
    public DockerProvisioner withoutShutdownHook() {
        ownShutdownHook = false;
        return this;
    }

    /**
     * Devices and capabilities every node gets on top of {@code NET_ADMIN}, because a fault of this
     * run needs them ({@link NodeRights}, declared by its nemesis package); none by default.
     */
    public DockerProvisioner withNodeRights(NodeRights rights) {
        this.rights = rights;
        return this;
    }

    public RunIdentity run() {
        return run;
    }

    public String networkName() {
        return "faultline-" + run.runId();
    }

    public String containerName(String node) {
        return "faultline-" + run.runId() + "-" + node;
    }

    @Override
    public String name() {
        return "docker";
    }

    private Map<String, String> labels() {
        Map<String, String> labels = new HashMap<>(run.labels());
        if (keep) labels.put(RunIdentity.LABEL_KEEP, "true");
        return labels;
    }

    @Override
    public void keep() {
        keep = true;
    }

    @Override
    public List<String> reachCommands() {
        return nodeNames.stream().sorted().map(n -> "docker exec -it " + containerName(n) + " bash    # " + n).toList();
    }

    @Override
    public List<String> teardownCommands() {
        List<String> containers = nodeNames.stream().sorted().map(this::containerName).toList();
        return List.of("docker rm -f " + String.join(" ", containers) + " && docker network rm " + networkName());
    }

    @Override
    public Cluster provision(int nodeCount) {
        if (nodeCount < 1 || nodeCount > 64) throw new IllegalArgumentException("node count must be 1..64: " + nodeCount);
        synchronized (lock) {
            if (closed) throw new IllegalStateException("provisioner for run " + run.runId() + " is closed");
            if (provisioned) throw new IllegalStateException("run " + run.runId() + " is already provisioned");
            provisioned = true;
            if (ownShutdownHook) Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
        try {
            docker.createNetworkCmd().withName(networkName()).withDriver("bridge").withInternal(true)
                    .withLabels(labels()).withCheckDuplicate(true).exec();
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(nodeCount, 4));
            try {
                List<Future<Node>> futures = new ArrayList<>();
                for (int i = 1; i <= nodeCount; i++) {
                    String name = "n" + i;
                    futures.add(pool.submit(() -> startNode(name)));
                }
                List<Node> nodes = new ArrayList<>();
                for (Future<Node> f : futures) nodes.add(f.get());
                log.info("run {}: {} nodes up on internal network {}", run.runId(), nodeCount, networkName());
                return new Cluster(nodes);
            } finally {
                pool.shutdownNow();
            }
        } catch (ExecutionException e) {
            close();
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) throw re;
            throw new RemoteException("provisioning failed: " + cause, cause);
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
            throw new RemoteException("interrupted while provisioning", e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private Node startNode(String name) {
        String container = containerName(name);
        Map<String, String> labels = labels();
        labels.put(LABEL_NODE, name);
        nodeNames.add(name);
        List<Capability> caps = new ArrayList<>(List.of(Capability.NET_ADMIN));
        for (String c : rights.capabilities()) caps.add(Capability.valueOf(c));
        HostConfig host = HostConfig.newHostConfig()
                .withNetworkMode(networkName())
                .withCapAdd(caps.toArray(Capability[]::new))
                .withDevices(rights.devices().stream().sorted().map(d -> new Device("rwm", d, d)).toList())
                .withPrivileged(false)
                .withInit(true);
        try {
            docker.createContainerCmd(image).withName(container).withHostName(name).withAliases(name)
                    .withLabels(labels).withCmd("sleep", "infinity").withHostConfig(host).exec();
            docker.startContainerCmd(container).exec();
        } catch (DockerException e) {
            throw new RemoteException("cannot start container " + container + " from " + image + ": " + e.getMessage(), e);
        }
        InspectContainerResponse info = docker.inspectContainerCmd(container).exec();
        ContainerNetwork net = info.getNetworkSettings().getNetworks().get(networkName());
        if (net == null || net.getIpAddress() == null || net.getIpAddress().isBlank()) {
            throw new RemoteException(container + " has no address on " + networkName());
        }
        DockerRemote remote = new DockerRemote(docker, container);
        // Internal networks still get a default route via the bridge; the engine only drops what is
        // forwarded. Deleting it makes "no way out" visible to the node itself.
        ExecResult r = remote.sh("ip route del default 2>/dev/null; ip route show default", Duration.ofSeconds(30));
        if (!r.ok() || !r.stdout().isBlank()) {
            throw new RemoteException(container + ": cannot remove the default route: " + r.stderr() + r.stdout());
        }
        remote.sh("mkdir -p /var/lib/faultline && printf '%s' " + Shell.quote(run.markerFile()) + " > " + ProcessMarker.FILE,
                Duration.ofSeconds(30)).orThrow(container + ": writing " + ProcessMarker.FILE);
        return new Node(name, net.getIpAddress(), remote);
    }

    /** Removes this run's containers and network. Idempotent; safe from a shutdown hook. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) return;
            closed = true;
            if (provisioned) {
                try {
                    Runtime.getRuntime().removeShutdownHook(shutdownHook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running or about to; removing twice is harmless
                }
            }
        }
        removeAll();
    }

    private void removeAll() {
        Leftovers.removeRun(docker, run.runId());
    }

    /**
     * {@code DockerProvisioner [N]}: brings up N nodes (default 5) with the cached node image, runs a
     * command on each, tears them down and prints the timings. A benchmark, not a test.
     */
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        long t0 = System.nanoTime();
        String image = NodeImage.debootstrap().ensure();
        long t1 = System.nanoTime();
        try (DockerProvisioner p = new DockerProvisioner(DockerEngine.client(), image, RunIdentity.forThisProcess())) {
            Cluster c = p.provision(n);
            long t2 = System.nanoTime();
            for (Node node : c.nodes()) node.remote().sh("true").orThrow("true on " + node.name());
            long t3 = System.nanoTime();
            p.close();
            long t4 = System.nanoTime();
            System.out.printf("image check %.1f s, %d-node bring-up %.1f s, first exec on all %.2f s, teardown %.1f s%n",
                    (t1 - t0) / 1e9, n, (t2 - t1) / 1e9, (t3 - t2) / 1e9, (t4 - t3) / 1e9);
        }
    }
}
