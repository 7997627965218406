package dev.faultline.harness.provision;

import dev.faultline.harness.control.Cluster;
import dev.faultline.harness.control.Daemon;
import dev.faultline.harness.control.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LocalProvisionerTest {
    @TempDir
    Path tmp;

    @Test
    void nodesAreSandboxesWithTheirOwnLoopbackAddressAndCloseKillsDaemons() throws Exception {
        Path base = tmp.resolve("run");
        LocalProvisioner p = new LocalProvisioner(base, RunIdentity.forThisProcess("local-test"), false);
        Cluster c = p.provision(3);
        assertThat(c.names()).containsExactly("n1", "n2", "n3");
        assertThat(c.nodes()).extracting(Node::address).doesNotHaveDuplicates().allMatch(a -> a.startsWith("127."));

        // Every node can listen on the same port at its own address.
        try (ServerSocket a = new ServerSocket(); ServerSocket b = new ServerSocket()) {
            a.bind(new InetSocketAddress(c.node("n1").address(), 0));
            b.bind(new InetSocketAddress(c.node("n2").address(), a.getLocalPort()));
        }

        Node n2 = c.node("n2");
        assertThat(n2.remote().sh("pwd").stdout().strip()).isEqualTo(base.resolve("n2").toString());
        Daemon d = new Daemon(n2.remote(), Daemon.Spec.of("sleeper", List.of("sleep", "120")));
        long pid = d.start();
        assertThat(Files.exists(base.resolve("n2/var/run/faultline/sleeper.pid"))).isTrue();
        p.close();
        p.close();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (alive(pid) && System.nanoTime() < deadline) Thread.sleep(50);
        assertThat(alive(pid)).isFalse();
        assertThat(base).doesNotExist();
    }

    private static boolean alive(long pid) throws Exception {
        Path status = Path.of("/proc/" + pid + "/status");
        if (!Files.exists(status)) return false;
        try {
            return Files.readAllLines(status).stream().noneMatch(l -> l.startsWith("State:") && l.contains("zombie"));
        } catch (java.nio.file.NoSuchFileException e) {
            return false;
        }
    }
}
