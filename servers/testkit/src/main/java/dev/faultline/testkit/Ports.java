package dev.faultline.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Loopback ports for test clusters. A port from {@code new ServerSocket(0)} comes from the kernel's
 * ephemeral range, so between closing the probe and the server's bind an outgoing connection of
 * any running cluster may take it (seen as BindException under load). These ports come from below
 * the ephemeral range (Linux: 32768 and up) and are never handed out twice in one JVM.
 */
public final class Ports {
    private static final int FIRST = 20_000;
    private static final int LAST = 32_000;
    /** Spread concurrent JVMs (e.g. two builds) over the range by their pid. */
    private static final AtomicInteger NEXT = new AtomicInteger(FIRST + (int) (ProcessHandle.current().pid() % 600) * 20);

    private Ports() {
    }

    /** A port on 127.0.0.1 that nothing listens on now and that this JVM has not handed out before. */
    public static int free() throws IOException {
        for (int tries = 0; tries < LAST - FIRST; tries++) {
            int port = NEXT.getAndUpdate(p -> p + 1 >= LAST ? FIRST : p + 1);
            try (ServerSocket probe = new ServerSocket()) {
                probe.setReuseAddress(true);
                probe.bind(new InetSocketAddress("127.0.0.1", port));
                return port;
            } catch (IOException inUse) {
                // taken by something else: try the next one
            }
        }
        throw new IOException("no free loopback port in " + FIRST + "-" + LAST);
    }
}
