package dev.faultline.nemesis;

import dev.faultline.harness.control.Node;
import dev.faultline.harness.control.local.LocalRemote;

/**
 * Network faults (iptables, tc) act on the node's own network stack. A local process sandbox
 * shares this machine's, so there they would firewall or slow down the host itself: refuse.
 */
public final class Isolation {
    private Isolation() {
    }

    /** True if {@code node} has a network stack of its own (a container or a remote host). */
    public static boolean ownNetwork(Node node) {
        return !(node.remote() instanceof LocalRemote);
    }

    /** @throws FaultException for a local sandbox node */
    public static void requireOwnNetwork(Node node, String fault) {
        if (!ownNetwork(node)) {
            throw new FaultException(fault + " refused: " + node.name() + " is a local process sandbox sharing this machine's network "
                    + "(use the docker or ssh provisioner for network faults)");
        }
    }
}
