package dev.faultline.harness.testing;

import dev.faultline.harness.control.Cluster;
import dev.faultline.harness.control.Node;
import dev.faultline.harness.control.Remote;
import dev.faultline.harness.control.docker.DockerEngine;
import dev.faultline.harness.provision.DockerProvisioner;
import dev.faultline.harness.provision.NodeImage;
import dev.faultline.harness.provision.RunIdentity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;

/**
 * SSH hosts for tests: containers of the node image running sshd with a fresh host key, root login
 * with a fresh client key, and a nodes file (with known_hosts) naming them {@code n1 … nN}. The
 * containers are labelled with this JVM's identity, so a concurrent leftover sweep spares them.
 */
public final class SshdNodes implements AutoCloseable {
    private static final String SSHD_CONFIG = """
            Port 22
            HostKey /etc/ssh/ssh_host_ed25519_key
            PermitRootLogin prohibit-password
            PubkeyAuthentication yes
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            UsePAM no
            StrictModes no
            Subsystem sftp internal-sftp
            """;

    private final DockerProvisioner docker;
    private final Cluster containers;
    private final Path dir;
    private final Path nodesFile;

    private SshdNodes(DockerProvisioner docker, Cluster containers, Path dir, Path nodesFile) {
        this.docker = docker;
        this.containers = containers;
        this.dir = dir;
        this.nodesFile = nodesFile;
    }

    /** Brings up {@code count} sshd containers (call {@link DockerRequired#check()} first). */
    public static SshdNodes start(int count) throws IOException {
        DockerProvisioner docker = new DockerProvisioner(DockerEngine.client(), NodeImage.debootstrap().ensure(),
                RunIdentity.forThisProcess("sshd-" + Long.toHexString(new Random().nextLong() & 0xffffffL)));
        try {
            Cluster containers = docker.provision(count);
            Path dir = Files.createTempDirectory("faultline-sshd");
            Remote first = containers.nodes().get(0).remote();
            first.sh("rm -f /tmp/client_key* && ssh-keygen -q -t ed25519 -N '' -C faultline-test -f /tmp/client_key").orThrow("client key");
            first.download("/tmp/client_key", dir.resolve("client_key"));
            first.download("/tmp/client_key.pub", dir.resolve("client_key.pub"));
            Files.writeString(dir.resolve("sshd_config"), SSHD_CONFIG);
            StringBuilder knownHosts = new StringBuilder();
            StringBuilder nodes = new StringBuilder("defaults:\n  user: root\n  key: client_key\n  knownHosts: known_hosts\nnodes:\n");
            for (Node n : containers.nodes()) {
                Remote r = n.remote();
                r.upload(dir.resolve("client_key.pub"), "/root/.ssh/authorized_keys");
                r.upload(dir.resolve("sshd_config"), "/etc/ssh/faultline_sshd_config");
                r.sh("mkdir -p /run/sshd && rm -f /etc/ssh/ssh_host_ed25519_key*"
                        + " && ssh-keygen -q -t ed25519 -N '' -f /etc/ssh/ssh_host_ed25519_key"
                        + " && /usr/sbin/sshd -f /etc/ssh/faultline_sshd_config").orThrow("sshd on " + n.name());
                String[] key = r.sh("cat /etc/ssh/ssh_host_ed25519_key.pub").orThrow("host key").stdout().strip().split("\\s+");
                knownHosts.append(n.address()).append(' ').append(key[0]).append(' ').append(key[1]).append('\n');
                nodes.append("  - {name: ").append(n.name()).append(", host: ").append(n.address()).append("}\n");
            }
            Files.writeString(dir.resolve("known_hosts"), knownHosts);
            Path nodesFile = dir.resolve("nodes.yaml");
            Files.writeString(nodesFile, nodes);
            return new SshdNodes(docker, containers, dir, nodesFile);
        } catch (IOException | RuntimeException e) {
            docker.close();
            throw e;
        }
    }

    /** The directory of the nodes file, client_key, known_hosts (removed on close). */
    public Path dir() {
        return dir;
    }

    public Path nodesFile() {
        return nodesFile;
    }

    /** The containers themselves, controlled through docker exec (for looking at what runs there). */
    public Cluster containers() {
        return containers;
    }

    @Override
    public void close() throws IOException {
        docker.close();
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
