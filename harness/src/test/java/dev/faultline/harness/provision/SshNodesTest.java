package dev.faultline.harness.provision;

import dev.faultline.harness.control.Cluster;
import dev.faultline.harness.control.Daemon;
import dev.faultline.harness.control.ExecResult;
import dev.faultline.harness.control.Node;
import dev.faultline.harness.control.Remote;
import dev.faultline.harness.control.RemoteException;
import dev.faultline.harness.control.docker.DockerEngine;
import dev.faultline.harness.control.ssh.SshEndpoint;
import dev.faultline.harness.control.ssh.SshRemote;
import dev.faultline.harness.testing.DockerRequired;
import dev.faultline.harness.testing.LateCommands;
import dev.faultline.harness.testing.SshdNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Real sshd in two containers of the node image: key login, strict host-key checking against a
 * known_hosts file written by the test, exec, SFTP, and the nodes-file provisioner on top.
 */
@Tag("docker")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SshNodesTest {
    private SshdNodes sshd;
    private Cluster containers;
    private Path dir;
    private Path clientKey;
    private Path knownHostsN1Only;
    private String n1HostKey;
    private String n2HostKey;

    @BeforeAll
    void up() throws Exception {
        DockerRequired.check();
        sshd = SshdNodes.start(2);
        containers = sshd.containers();
        dir = sshd.dir();
        clientKey = dir.resolve("client_key");
        n1HostKey = hostKey(containers.node("n1"));
        n2HostKey = hostKey(containers.node("n2"));
        knownHostsN1Only = dir.resolve("known_hosts_n1");
        Files.writeString(knownHostsN1Only, containers.node("n1").address() + " " + n1HostKey + "\n");
        Files.writeString(dir.resolve("known_hosts"), containers.node("n1").address() + " " + n1HostKey + "\n"
                + containers.node("n2").address() + " " + n2HostKey + "\n");
    }

    private static String hostKey(Node n) {
        String[] w = n.remote().sh("cat /etc/ssh/ssh_host_ed25519_key.pub").orThrow("host key").stdout().strip().split("\\s+");
        return w[0] + " " + w[1];
    }

    @AfterAll
    void down() throws Exception {
        if (sshd != null) sshd.close();
    }

    private SshEndpoint endpoint(String node, Path knownHosts) {
        return new SshEndpoint(containers.node(node).address(), 22, "root", clientKey, knownHosts, false, Duration.ofSeconds(10));
    }

    @Test
    void execUploadDownloadOverSsh() throws Exception {
        try (SshRemote r = new SshRemote(endpoint("n1", knownHostsN1Only))) {
            ExecResult res = r.exec(List.of("sh", "-c", "hostname; echo oops >&2; exit 5"), Duration.ofSeconds(20));
            assertThat(res.exitCode()).isEqualTo(5);
            assertThat(res.stdout()).isEqualTo("n1\n");
            assertThat(res.stderr()).isEqualTo("oops\n");
            assertThat(r.exec(List.of("printf", "%s|", "a b", "it's"), Duration.ofSeconds(20)).stdout()).isEqualTo("a b|it's|");

            byte[] data = new byte[200_000];
            new Random(3).nextBytes(data);
            Path local = dir.resolve("blob");
            Files.write(local, data);
            r.upload(local, "/opt/faultline/sftp/new/blob");
            assertThat(r.sh("sha256sum < /opt/faultline/sftp/new/blob").stdout())
                    .startsWith(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(data)));
            Path back = dir.resolve("down/blob");
            r.download("/opt/faultline/sftp/new/blob", back);
            assertThat(Files.readAllBytes(back)).isEqualTo(data);
            assertThatThrownBy(() -> r.download("/no/such/file", dir.resolve("x"))).isInstanceOf(RemoteException.class);

            // One connection, many concurrent channels.
            List<CompletableFuture<String>> many = IntStream.range(0, 8)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> r.sh("echo " + i).orThrow("echo").stdout().strip())).toList();
            assertThat(many.stream().map(CompletableFuture::join).toList()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7");

            long t0 = System.nanoTime();
            assertThatThrownBy(() -> r.sh("sleep 120", Duration.ofSeconds(1))).isInstanceOf(RemoteException.class)
                    .hasMessageContaining("timed out");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
            assertThat(r.sh("echo still-usable").stdout()).isEqualTo("still-usable\n");
        }
    }

    @Test
    void aCommandNeverActsAfterItsTimeoutOrAnInterruptedCaller() throws Exception {
        try (SshRemote r = new SshRemote(endpoint("n1", knownHostsN1Only))) {
            LateCommands.neverActAfterTheirTimeout(r);
            LateCommands.dieWithAnInterruptedCaller(r);
            assertThat(r.sh("echo still-usable").stdout()).isEqualTo("still-usable\n");
        }
    }

    @Test
    void unknownHostKeyIsRejectedByDefault() {
        SshRemote r = new SshRemote(endpoint("n2", knownHostsN1Only));
        assertThatThrownBy(r::connect).isInstanceOf(RemoteException.class).hasMessageContaining("cannot connect");
        r.close();
    }

    @Test
    void acceptingUnknownHostsIsExplicitAndStillRejectsAChangedKey() throws Exception {
        try (SshRemote r = new SshRemote(endpoint("n2", knownHostsN1Only).acceptingUnknownHosts(true))) {
            assertThat(r.sh("hostname").stdout()).isEqualTo("n2\n");
        }
        Path wrong = dir.resolve("known_hosts_wrong");
        Files.writeString(wrong, containers.node("n2").address() + " " + n1HostKey + "\n");
        SshRemote r = new SshRemote(endpoint("n2", wrong).acceptingUnknownHosts(true));
        assertThatThrownBy(r::connect).isInstanceOf(RemoteException.class);
        r.close();
    }

    @Test
    void provisionerReadsTheNodesFileAndDrivesTheHosts() throws Exception {
        Path nodes = dir.resolve("nodes.yaml");
        Files.writeString(nodes, """
                defaults:
                  user: root
                  key: client_key
                  knownHosts: known_hosts
                nodes:
                  - {name: db1, host: %s}
                  - {name: db2, host: %s, port: 22}
                """.formatted(containers.node("n1").address(), containers.node("n2").address()));
        try (SshProvisioner p = new SshProvisioner(nodes)) {
            Cluster c = p.provision(2);
            assertThat(c.names()).containsExactly("db1", "db2");
            assertThat(c.node("db2").remote().sh("hostname").stdout()).isEqualTo("n2\n");
            Daemon d = new Daemon(c.node("db1").remote(), Daemon.Spec.of("ssh-sleeper", List.of("sleep", "300")));
            d.start();
            assertThat(d.isRunning()).isTrue();
            d.kill();
            assertThat(d.isRunning()).isFalse();
            assertThatThrownBy(() -> p.provision(3)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
