package dev.faultline.harness.provision;

import dev.faultline.harness.control.Cluster;
import dev.faultline.harness.control.Node;
import dev.faultline.harness.control.ProcessMarker;
import dev.faultline.harness.control.Provisioner;
import dev.faultline.harness.control.Remote;
import dev.faultline.harness.control.RemoteException;
import dev.faultline.harness.control.Shell;
import dev.faultline.harness.control.ssh.SshRemote;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Real hosts listed in a {@link NodesFile}, controlled over SSH. Provisioning connects to the first
 * N hosts (all at once, so a wrong key or host key fails before the test starts), then on each host
 * kills the {@link MarkedProcesses marked processes} of runs whose controller is dead (only runs
 * controlled from this machine's current boot can be checked; others are reported and left alone)
 * and writes the run's {@link ProcessMarker#FILE}. Closing disconnects. Installing and removing the
 * target, and stopping what an earlier run left under the target's pidfiles, is the Db's job.
 */
public final class SshProvisioner implements Provisioner {
    private static final Logger log = LoggerFactory.getLogger(SshProvisioner.class);

    private final Path nodesFile;
    private final RunIdentity run;
    private final List<NodesFile.Entry> entries;
    private final List<SshRemote> opened = new ArrayList<>();

    public SshProvisioner(Path nodesFile) {
        this(nodesFile, RunIdentity.forThisProcess());
    }

    public SshProvisioner(Path nodesFile, RunIdentity run) {
        this.nodesFile = nodesFile;
        this.run = run;
        this.entries = NodesFile.read(nodesFile);
    }

    public List<NodesFile.Entry> entries() {
        return entries;
    }

    @Override
    public String name() {
        return "ssh";
    }

    @Override
    public synchronized Cluster provision(int nodeCount) {
        if (nodeCount < 1 || nodeCount > entries.size()) {
            throw new IllegalArgumentException(nodesFile + " lists " + entries.size() + " nodes; " + nodeCount + " requested");
        }
        List<CompletableFuture<Node>> connecting = new ArrayList<>();
        for (NodesFile.Entry e : entries.subList(0, nodeCount)) {
            SshRemote remote = new SshRemote(e.endpoint());
            opened.add(remote);
            connecting.add(CompletableFuture.supplyAsync(() -> prepare(new Node(e.name(), e.endpoint().host(), remote.connect()))));
        }
        try {
            return new Cluster(connecting.stream().map(CompletableFuture::join).toList());
        } catch (CompletionException e) {
            close();
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new RemoteException("cannot connect to the nodes in " + nodesFile + ": " + e.getCause(), e.getCause());
        }
    }

    /** Sweeps the host for processes of dead runs, then marks it with this run's identity. */
    private Node prepare(Node node) {
        Remote r = node.remote();
        MarkedProcesses.Sweep sweep = MarkedProcesses.sweepDeadRuns(script -> r.sh(script, Duration.ofSeconds(60)));
        if (!sweep.isEmpty()) {
            log.info("{}: killed {} processes of dead runs {}: {}", node.name(), sweep.killed().size(), sweep.deadRuns(), sweep.killed());
        }
        if (!sweep.sparedRuns().isEmpty()) {
            log.warn("{}: processes of other runs {} are running there (live, or controlled from another machine); not touched",
                    node.name(), sweep.sparedRuns());
        }
        String file = Shell.quote(r.nodePath(ProcessMarker.FILE));
        r.sh("mkdir -p \"$(dirname " + file + ")\" && printf '%s' " + Shell.quote(run.markerFile()) + " > " + file, Duration.ofSeconds(30))
                .orThrow(node.name() + ": writing " + ProcessMarker.FILE);
        return node;
    }

    @Override
    public synchronized void close() {
        opened.forEach(SshRemote::close);
        opened.clear();
    }
}
