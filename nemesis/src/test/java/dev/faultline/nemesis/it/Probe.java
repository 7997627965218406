package dev.faultline.nemesis.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The stand-in target the docker tests run on every node (uploaded as a class file, started by the
 * harness's Daemon under libfaketime): prints {@code System.currentTimeMillis()} every 100 ms and
 * accepts TCP connections on port 7000 (closing them at once), so tests can see the JVM's clock
 * and probe reachability. Self-contained: no other class, no dependency.
 */
public final class Probe {
    public static void main(String[] args) throws IOException {
        ServerSocket server = new ServerSocket(7000);
        Thread acceptor = new Thread(() -> {
            while (true) {
                try (Socket s = server.accept()) {
                    s.getOutputStream().write('.');
                } catch (IOException e) {
                    // keep accepting
                }
            }
        }, "acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
        for (long i = 0; i < 36_000; i++) { // an hour at most
            System.out.println("clock " + System.currentTimeMillis());
            System.out.flush();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
