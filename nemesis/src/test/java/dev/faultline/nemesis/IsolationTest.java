package dev.faultline.nemesis;

import dev.faultline.harness.control.Node;
import dev.faultline.harness.control.local.LocalRemote;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Network faults refuse local process sandboxes, which share this machine's network stack. (Only
 * the guard is exercised here: running a fault's script through a local remote would touch the
 * host's firewall if the guard were broken.)
 */
class IsolationTest {
    @Test
    void localSandboxesHaveNoNetworkOfTheirOwn(@TempDir Path dir) {
        Node local = new Node("n1", "127.0.0.1", new LocalRemote("n1", dir, "127.0.0.1"));
        assertThat(Isolation.ownNetwork(local)).isFalse();
        assertThatThrownBy(() -> Isolation.requireOwnNetwork(local, "iptables partition"))
                .isInstanceOf(FaultException.class)
                .hasMessageContaining("iptables partition refused: n1 is a local process sandbox");
    }
}
