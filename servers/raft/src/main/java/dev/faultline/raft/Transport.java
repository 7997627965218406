package dev.faultline.raft;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Peer-to-peer messaging over TCP. Each node listens on its own Raft port; requests go out on one
 * outbound connection per peer and their responses come back on the same connection, in order.
 * Connections are (re)made lazily with a connect timeout; a message that cannot be sent is dropped
 * (Raft retries on its own timers).
 */
final class Transport implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Transport.class);
    private static final int INBOUND_IDLE_MS = 30_000;

    /** Receives every inbound message; {@code reply} is null for responses to our own requests. */
    interface Handler {
        void onMessage(Message m, Consumer<Message> reply);
    }

    private final String selfId;
    private final Map<String, PeerAddress> peers;
    private final int connectTimeoutMs;
    private final Handler handler;
    private final Map<String, PeerLink> links = new ConcurrentHashMap<>();
    private final Set<FramedConnection> inbound = ConcurrentHashMap.newKeySet();
    private ServerSocket server;
    private volatile boolean closed;

    Transport(String selfId, Map<String, PeerAddress> peers, int connectTimeoutMs, Handler handler) {
        this.selfId = selfId;
        this.peers = peers;
        this.connectTimeoutMs = connectTimeoutMs;
        this.handler = handler;
        for (var e : peers.entrySet()) {
            if (!e.getKey().equals(selfId)) {
                links.put(e.getKey(), new PeerLink(e.getKey(), e.getValue()));
            }
        }
    }

    void start() throws IOException {
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(peers.get(selfId).port()));
        Thread acceptor = new Thread(this::acceptLoop, "raft-accept-" + selfId);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                // a peer that went silent (e.g. partitioned, then reconnected on a new socket) leaves
                // this one half-dead: drop it after a while; the peer reconnects when it needs to
                s.setSoTimeout(INBOUND_IDLE_MS);
                FramedConnection[] holder = new FramedConnection[1];
                FramedConnection c = new FramedConnection(s, selfId + "<-" + s.getRemoteSocketAddress(),
                        frame -> deliver(frame, m -> {
                            FramedConnection conn = holder[0];
                            if (conn != null) {
                                conn.send(MessageCodec.encode(m));
                            }
                        }),
                        () -> {
                            // the reader may close the connection before holder[0] is set (an NPE
                            // in the read thread, seen in CI): the check below removes it then
                            FramedConnection conn = holder[0];
                            if (conn != null) inbound.remove(conn);
                        });
                holder[0] = c;
                inbound.add(c);
                if (closed || c.isClosed()) {
                    c.close();
                    inbound.remove(c);
                }
            } catch (IOException e) {
                if (!closed) {
                    log.warn("accept failed on {}: {}", selfId, e.toString());
                }
            }
        }
    }

    private void deliver(byte[] frame, Consumer<Message> reply) {
        Message m;
        try {
            m = MessageCodec.decode(frame);
        } catch (IOException e) {
            throw new IllegalStateException("undecodable frame: " + e.getMessage(), e);
        }
        if (closed) {
            return;
        }
        handler.onMessage(m, reply);
    }

    /** Sends a request to {@code peer}; its response arrives through the handler with a null reply. */
    void send(String peer, Message m) {
        PeerLink link = links.get(peer);
        if (link != null && !closed) {
            link.send(MessageCodec.encode(m));
        }
    }

    /** Drops the outbound connection to {@code peer} (e.g. after an RPC timeout); the next send reconnects. */
    void reset(String peer) {
        PeerLink link = links.get(peer);
        if (link != null) {
            link.reset();
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            if (server != null) {
                server.close();
            }
        } catch (IOException ignored) {
            // closing anyway
        }
        links.values().forEach(PeerLink::reset);
        inbound.forEach(FramedConnection::close);
    }

    /** The outbound side to one peer: connects on demand from a dedicated thread. */
    private final class PeerLink {
        private final String peerId;
        private final PeerAddress address;
        private volatile FramedConnection conn;
        private boolean connecting;
        private long nextAttemptNanos;

        PeerLink(String peerId, PeerAddress address) {
            this.peerId = peerId;
            this.address = address;
        }

        void send(byte[] frame) {
            FramedConnection c = conn;
            if (c != null && !c.isClosed()) {
                c.send(frame);
                return;
            }
            connectAsync(frame);
        }

        private synchronized void connectAsync(byte[] firstFrame) {
            if (connecting || System.nanoTime() < nextAttemptNanos || closed) {
                return;
            }
            connecting = true;
            Thread t = new Thread(() -> connect(firstFrame), "raft-connect-" + selfId + "->" + peerId);
            t.setDaemon(true);
            t.start();
        }

        private void connect(byte[] firstFrame) {
            Socket s = new Socket();
            try {
                s.setTcpNoDelay(true);
                s.connect(new InetSocketAddress(address.host(), address.port()), connectTimeoutMs);
                FramedConnection c = new FramedConnection(s, selfId + "->" + peerId,
                        frame -> deliver(frame, null), () -> { });
                synchronized (this) {
                    conn = c;
                    connecting = false;
                }
                if (closed) {
                    c.close();
                    return;
                }
                c.send(firstFrame);
            } catch (IOException | RuntimeException e) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // nothing more to do
                }
                synchronized (this) {
                    connecting = false;
                    nextAttemptNanos = System.nanoTime() + 100_000_000L;
                }
                if (!(e instanceof SocketException) && log.isDebugEnabled()) {
                    log.debug("{} cannot connect to {} at {}: {}", selfId, peerId, address, e.toString());
                }
            }
        }

        void reset() {
            FramedConnection c = conn;
            conn = null;
            if (c != null) {
                c.close();
            }
        }
    }
}
