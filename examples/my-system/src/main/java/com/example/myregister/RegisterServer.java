package com.example.myregister;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * The system under test: a register service over HTTP. One node is the primary and owns the data
 * (one file per key, so a killed primary restarts with it); the others are followers that forward
 * every request to the primary and remember the values they saw.
 *
 * <pre>
 *   GET  /r/KEY              200 VALUE, or 404 if never written
 *   PUT  /r/KEY   body V     200
 *   POST /cas/KEY body "A B" 200 if the value was A (now B), 409 if not
 *   GET  /status             200 {"primary":true|false}
 * </pre>
 *
 * A follower answers 503 when the primary refused the connection (nothing happened) and 504 when
 * the primary did not answer in time (it may have happened).
 *
 * <p>The planted bug {@code --stale-reads}: a follower answers reads from the values it remembers,
 * without asking the primary, so it misses writes that went through other followers.
 *
 * <p>Usage: {@code RegisterServer --listen HOST:PORT --primary HOST:PORT --data DIR [--stale-reads]}
 */
public final class RegisterServer {
    private final boolean primary;
    private final URI primaryUri;
    private final Path data;
    private final boolean staleReads;
    private final Map<String, String> seen = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private RegisterServer(boolean primary, URI primaryUri, Path data, boolean staleReads) {
        this.primary = primary;
        this.primaryUri = primaryUri;
        this.data = data;
        this.staleReads = staleReads;
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> opts = new java.util.HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--stale-reads")) opts.put("stale-reads", "true");
            else if (args[i].startsWith("--") && i + 1 < args.length) opts.put(args[i].substring(2), args[++i]);
            else throw new IllegalArgumentException("unexpected argument " + args[i]);
        }
        String listen = required(opts, "listen");
        String primaryAt = required(opts, "primary");
        Path data = Path.of(required(opts, "data"));
        Files.createDirectories(data);
        RegisterServer s = new RegisterServer(listen.equals(primaryAt), URI.create("http://" + primaryAt),
                data, opts.containsKey("stale-reads"));
        String[] hp = listen.split(":");
        HttpServer server = HttpServer.create(new InetSocketAddress(hp[0], Integer.parseInt(hp[1])), 128);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/", s::handle);
        server.start();
        System.out.println("register server on " + listen + (s.primary ? " (primary)" : " (follower of " + primaryAt + ")")
                + (s.staleReads ? " WITH stale reads" : ""));
    }

    private static String required(Map<String, String> opts, String name) {
        String v = opts.get(name);
        if (v == null) throw new IllegalArgumentException("missing --" + name);
        return v;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (path.equals("/status")) {
                reply(ex, 200, "{\"primary\":" + primary + "}");
            } else if (primary) {
                answer(ex, local(ex.getRequestMethod(), path, body));
            } else {
                answer(ex, follow(ex.getRequestMethod(), path, body));
            }
        } catch (RuntimeException e) {
            reply(ex, 500, e.toString());
        }
    }

    private record Answer(int status, String body) {}

    // --- the primary: the data, one file per key, every op under one lock ---

    private synchronized Answer local(String method, String path, String body) throws IOException {
        if (method.equals("GET") && path.startsWith("/r/")) {
            Path f = data.resolve(key(path, "/r/"));
            return Files.exists(f) ? new Answer(200, Files.readString(f)) : new Answer(404, "");
        }
        if (method.equals("PUT") && path.startsWith("/r/")) {
            store(key(path, "/r/"), body);
            return new Answer(200, body);
        }
        if (method.equals("POST") && path.startsWith("/cas/")) {
            String[] ab = body.split(" ");
            Path f = data.resolve(key(path, "/cas/"));
            if (!Files.exists(f) || !Files.readString(f).equals(ab[0])) return new Answer(409, "");
            store(key(path, "/cas/"), ab[1]);
            return new Answer(200, ab[1]);
        }
        return new Answer(400, "no such request");
    }

    private void store(String key, String value) throws IOException {
        Path tmp = data.resolve(key + ".tmp");
        Files.writeString(tmp, value);
        Files.move(tmp, data.resolve(key), StandardCopyOption.ATOMIC_MOVE);
    }

    private static String key(String path, String prefix) {
        String k = path.substring(prefix.length());
        if (!k.matches("[A-Za-z0-9_-]+")) throw new IllegalArgumentException("bad key " + k);
        return k;
    }

    // --- a follower: forward to the primary, remember what was seen ---

    private Answer follow(String method, String path, String body) {
        String key = path.substring(path.lastIndexOf('/') + 1);
        if (staleReads && method.equals("GET") && seen.containsKey(key)) return new Answer(200, seen.get(key));
        HttpResponse<String> r;
        try {
            r = http.send(HttpRequest.newBuilder(primaryUri.resolve(path)).timeout(Duration.ofSeconds(2))
                    .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            return new Answer(503, "primary unreachable");
        } catch (IOException e) {
            return new Answer(504, "no answer from the primary: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(504, "interrupted");
        }
        if (r.statusCode() == 200) seen.put(key, r.body());
        return new Answer(r.statusCode(), r.body());
    }

    private static void answer(HttpExchange ex, Answer a) throws IOException {
        reply(ex, a.status(), a.body());
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
