package dev.faultline.twopc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A JDK HttpServer that routes "METHOD /path" to handlers taking and returning JSON. */
public final class JsonHttpServer {
    private static final Logger log = LoggerFactory.getLogger(JsonHttpServer.class);
    private static final int MAX_BODY = 1 << 20;

    /** Handles one request; throws {@link ApiError} for error answers. */
    @FunctionalInterface
    public interface Handler {
        Object handle(JsonNode body) throws Exception;
    }

    private final Map<String, Handler> routes = new LinkedHashMap<>();
    private final HttpServer server;
    private final ExecutorService pool;

    static {
        // Without TCP_NODELAY, Nagle's algorithm meets delayed ACKs and every small answer waits ~40 ms.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    public JsonHttpServer(String bind, int port, String name) throws IOException {
        server = HttpServer.create(new InetSocketAddress(bind, port), 512);
        AtomicInteger n = new AtomicInteger();
        // Handlers block on locks and peers, so the pool must exceed the client concurrency.
        ThreadPoolExecutor tpe = new ThreadPoolExecutor(256, 256, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, name + "-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        tpe.allowCoreThreadTimeOut(true);
        pool = tpe;
        server.setExecutor(pool);
        server.createContext("/", this::dispatch);
    }

    public JsonHttpServer route(String method, String path, Handler h) {
        routes.put(method + " " + path, h);
        return this;
    }

    public void start() {
        server.start();
    }

    public void stop() {
        server.stop(0);
        pool.shutdownNow();
    }

    private void dispatch(HttpExchange ex) throws IOException {
        try (ex) {
            String key = ex.getRequestMethod() + " " + ex.getRequestURI().getPath();
            Handler h = routes.get(key);
            int status = 200;
            Object answer;
            try {
                if (h == null) throw new ApiError(404, "not-found", true, "no route " + key);
                answer = h.handle(readBody(ex));
            } catch (ApiError e) {
                status = e.status();
                answer = errorBody(e);
            } catch (IllegalArgumentException e) {
                status = 400;
                answer = errorBody(ApiError.badRequest(e.getMessage()));
            } catch (Exception e) {
                log.warn("{} failed", key, e);
                status = 500;
                // An unexpected failure: we cannot promise it had no effect.
                answer = errorBody(new ApiError(500, "internal", false, String.valueOf(e)));
            }
            byte[] bytes = Json.MAPPER.writeValueAsBytes(answer);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static JsonNode readBody(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            byte[] b = in.readNBytes(MAX_BODY + 1);
            if (b.length > MAX_BODY) throw new ApiError(413, "too-large", true, "request body over " + MAX_BODY + " bytes");
            if (b.length == 0) return NullNode.instance;
            try {
                return Json.MAPPER.readTree(b);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw ApiError.badRequest("malformed JSON: " + e.getOriginalMessage());
            }
        }
    }

    static Map<String, Object> errorBody(ApiError e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", e.error());
        m.put("definite", e.definite());
        m.put("message", e.getMessage());
        return m;
    }

    // Helpers for handlers.

    public static String text(JsonNode body, String field) {
        JsonNode v = body == null ? null : body.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty())
            throw ApiError.badRequest("field '" + field + "' is required and must be a non-empty string");
        return v.asText();
    }

    public static long integer(JsonNode body, String field) {
        JsonNode v = body == null ? null : body.get(field);
        if (v == null || !v.canConvertToLong() || !v.isIntegralNumber())
            throw ApiError.badRequest("field '" + field + "' is required and must be an integer");
        return v.asLong();
    }
}
