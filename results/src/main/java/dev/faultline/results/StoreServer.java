package dev.faultline.results;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * Serves a store read-only on 127.0.0.1: {@code /} is the runs index (rendered fresh on every
 * request), directories get a listing, files are served as they are. Paths that leave the store,
 * directly or through a symlink, are answered 404.
 */
public final class StoreServer implements AutoCloseable {
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"), Map.entry("json", "application/json"),
            Map.entry("jsonl", "text/plain; charset=utf-8"), Map.entry("log", "text/plain; charset=utf-8"),
            Map.entry("txt", "text/plain; charset=utf-8"), Map.entry("edn", "text/plain; charset=utf-8"),
            Map.entry("xml", "application/xml"), Map.entry("css", "text/css"), Map.entry("js", "text/javascript"),
            Map.entry("svg", "image/svg+xml"), Map.entry("png", "image/png"));

    private final Store store;
    private final Path realRoot;
    private final HttpServer server;
    private final ExecutorService executor;

    private StoreServer(Store store, Path realRoot, HttpServer server, ExecutorService executor) {
        this.store = store;
        this.realRoot = realRoot;
        this.server = server;
        this.executor = executor;
    }

    /** Starts serving {@code root} on 127.0.0.1:{@code port} (0 picks a free port). */
    public static StoreServer start(Path root, int port) throws IOException {
        if (!Files.isDirectory(root)) throw new NoSuchFileException(root.toString(), null, "no such store directory");
        Store store = Store.at(root);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "faultline-serve");
            t.setDaemon(true);
            return t;
        });
        StoreServer s = new StoreServer(store, store.root().toRealPath(), server, executor);
        server.createContext("/", s::handle);
        server.setExecutor(executor);
        server.start();
        return s;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port() + "/";
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String host = ex.getRequestHeaders().getFirst("Host");
            if (!isThisServer(host)) {
                // A page from another origin whose name was rebound to 127.0.0.1 sends its own name:
                // refusing it keeps the store readable only by pages served from here.
                send(ex, 403, "text/plain; charset=utf-8", String.format("forbidden: Host header '%s' is not this server "
                        + "(expected 127.0.0.1:%d or localhost:%d)%n", host, port(), port()).getBytes(StandardCharsets.UTF_8));
                return;
            }
            String method = ex.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                send(ex, 405, "text/plain; charset=utf-8", "method not allowed\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String rawPath = ex.getRequestURI().getRawPath();
            List<String> segments = segments(rawPath);
            if (segments == null) {
                send(ex, 404, "text/plain; charset=utf-8", "not found\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (segments.isEmpty() || segments.equals(List.of(Store.INDEX))) {
                send(ex, 200, TYPES.get("html"), StoreIndex.render(store.runs()).getBytes(StandardCharsets.UTF_8));
                return;
            }
            Path target = store.root();
            for (String s : segments) target = target.resolve(s);
            Path real;
            try {
                real = target.toRealPath();
            } catch (IOException e) {
                real = null;
            }
            if (real == null || !real.startsWith(realRoot)) {
                send(ex, 404, "text/plain; charset=utf-8", "not found\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (Files.isDirectory(real)) {
                if (!rawPath.endsWith("/")) {
                    ex.getResponseHeaders().set("Location", rawPath + "/");
                    send(ex, 301, "text/plain; charset=utf-8", new byte[0]);
                    return;
                }
                send(ex, 200, TYPES.get("html"), listing(String.join("/", segments), real).getBytes(StandardCharsets.UTF_8));
                return;
            }
            String name = real.getFileName().toString();
            String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
            ex.getResponseHeaders().set("Content-Type", TYPES.getOrDefault(ext, "application/octet-stream"));
            ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            ex.getResponseHeaders().set("Cache-Control", "no-cache");
            long size = Files.size(real);
            if (method.equals("HEAD")) {
                ex.sendResponseHeaders(200, -1);
                return;
            }
            ex.sendResponseHeaders(200, size == 0 ? -1 : size);
            try (OutputStream out = ex.getResponseBody()) {
                Files.copy(real, out);
            }
        } catch (IOException | RuntimeException e) {
            // The client went away or the store changed under us; nothing useful to answer.
        }
    }

    /** Decoded path segments, or null if any is unsafe (.., ., empty, or containing a separator). */
    static List<String> segments(String rawPath) {
        if (rawPath == null || !rawPath.startsWith("/")) return null;
        List<String> out = new java.util.ArrayList<>();
        String[] parts = rawPath.substring(1).split("/", -1);
        for (int i = 0; i < parts.length; i++) {
            String raw = parts[i];
            if (raw.isEmpty() && i == parts.length - 1) break; // trailing slash
            String s;
            try {
                s = URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
            if (s.isEmpty() || s.equals(".") || s.equals("..") || s.contains("/") || s.contains("\\") || s.indexOf('\0') >= 0) return null;
            out.add(s);
        }
        return out;
    }

    private static String listing(String rel, Path dir) throws IOException {
        StringBuilder b = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(Html.esc(rel)).append("</title><style>").append(Html.BASE_CSS).append("</style></head><body><main><p><a href=\"/\">all runs</a></p><h1>")
                .append(Html.esc(rel)).append("/</h1><ul><li><a href=\"../\">../</a></li>");
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : entries.sorted().toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith(".")) continue;
                String shown = name + (Files.isDirectory(p) ? "/" : "");
                b.append("<li><a href=\"").append(Html.href(name)).append(Files.isDirectory(p) ? "/" : "").append("\">")
                        .append(Html.esc(shown)).append("</a></li>");
            }
        }
        return b.append("</ul></main></body></html>\n").toString();
    }

    private boolean isThisServer(String host) {
        if (host == null) return false;
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("127.0.0.1:" + port()) || h.equals("localhost:" + port());
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        if (ex.getRequestMethod().equals("HEAD") || body.length == 0) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }
}
