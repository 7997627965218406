package dev.faultline.raftkv;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/**
 * The HTTP client port, bound as the very first thing a node does. Until {@link #serve} installs the
 * real API, every request gets a definite 503 ({@code no-leader} for the KV API, {@code unavailable}
 * for {@code /status}), so a client of a restarting node gets a clear "not yet" instead of a refused
 * connection while the JVM loads logging, Jackson and Raft and recovers from disk (seconds on a
 * loaded machine). Deliberately free of logging and Jackson so that binding costs little.
 */
final class ClientPort implements AutoCloseable {
    static {
        // The JDK HttpServer leaves Nagle on: headers and body go out as two small writes and the
        // body waits for the client's delayed ACK (~40 ms per request). Must be set before the
        // first HttpServer is created.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final String id;
    private final HttpServer server;
    private final ExecutorService threads;
    private volatile HttpHandler handler;

    private ClientPort(String id, HttpServer server, ExecutorService threads) {
        this.id = id;
        this.server = server;
        this.threads = threads;
        this.handler = this::starting;
    }

    /** Binds {@code port} on all interfaces and answers 503 until {@link #serve} is called. */
    static ClientPort bind(String id, int port) throws IOException {
        AtomicInteger n = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(128, r -> { // requests block until commit or timeout
            Thread t = new Thread(r, "http-" + id + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(port), 256);
        } catch (IOException e) {
            threads.shutdownNow();
            throw new IOException("cannot listen on client port " + port + ": " + e.getMessage(), e);
        }
        ClientPort p = new ClientPort(id, server, threads);
        server.setExecutor(threads);
        server.createContext("/", ex -> p.handler.handle(ex));
        server.start();
        return p;
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** From now on every request goes to {@code api}. */
    void serve(HttpHandler api) {
        this.handler = api;
    }

    private void starting(HttpExchange ex) throws IOException {
        boolean status = ex.getRequestURI().getRawPath().equals("/status");
        String body = status
                ? "{\"error\":\"unavailable\",\"definite\":true,\"message\":\"" + id
                        + " is starting (recovering its state from disk)\"}"
                : "{\"error\":\"no-leader\",\"definite\":true,\"message\":\"" + id
                        + " is starting and knows no leader yet\",\"leader\":null}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try (ex) {
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(503, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
