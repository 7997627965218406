package dev.faultline.harness.provision;

import dev.faultline.harness.control.Cluster;
import dev.faultline.harness.control.Node;
import dev.faultline.harness.control.Provisioner;
import dev.faultline.harness.control.RemoteException;
import dev.faultline.harness.control.ssh.SshRemote;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Real hosts listed in a {@link NodesFile}, controlled over SSH. Provisioning connects to the first
 * N hosts (all at once, so a wrong key or host key fails before the test starts); closing
 * disconnects. Hosts are not otherwise changed: installing and removing the target is the Db's job.
 */
public final class SshProvisioner implements Provisioner {
    private final Path nodesFile;
    private final List<NodesFile.Entry> entries;
    private final List<SshRemote> opened = new ArrayList<>();

    public SshProvisioner(Path nodesFile) {
        this.nodesFile = nodesFile;
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
            connecting.add(CompletableFuture.supplyAsync(() -> new Node(e.name(), e.endpoint().host(), remote.connect())));
        }
        try {
            return new Cluster(connecting.stream().map(CompletableFuture::join).toList());
        } catch (CompletionException e) {
            close();
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new RemoteException("cannot connect to the nodes in " + nodesFile + ": " + e.getCause(), e.getCause());
        }
    }

    @Override
    public synchronized void close() {
        opened.forEach(SshRemote::close);
        opened.clear();
    }
}
