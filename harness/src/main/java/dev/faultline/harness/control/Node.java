package dev.faultline.harness.control;

/**
 * One machine of the cluster under test.
 *
 * @param name    stable logical name, also the hostname peers use to reach it ("n1"…"nN")
 * @param address the IP or hostname at which the controller reaches the node's ports
 * @param remote  the control channel to the node
 */
public record Node(String name, String address, Remote remote) {
}
