package dev.faultline.raft;

/** Host and Raft RPC port of one cluster member. The host is resolved on every (re)connect. */
public record PeerAddress(String host, int port) {
    public PeerAddress {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("peer host is empty");
        }
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("peer port out of range: " + port);
        }
    }

    /** Parses {@code host:port}. */
    public static PeerAddress parse(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            throw new IllegalArgumentException("expected host:port, got '" + hostPort + "'");
        }
        try {
            return new PeerAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in '" + hostPort + "'", e);
        }
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
