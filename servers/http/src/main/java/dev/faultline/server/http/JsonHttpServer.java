package dev.faultline.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JDK HttpServer that routes {@code METHOD /path/{}/...} to handlers taking and returning JSON.
 * Handlers throw {@link ApiError} for error answers ({@link IllegalArgumentException} is a 400);
 * malformed JSON, unknown paths and oversized bodies become 4xx answers and the server keeps
 * serving; anything else is a 500 that is not definite (we cannot promise it had no effect).
 */
public final class JsonHttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JsonHttpServer.class);
    public static final int MAX_BODY = 1 << 20;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static {
        // Without TCP_NODELAY, Nagle's algorithm meets delayed ACKs and every small answer waits ~40 ms.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /**
     * One request as a handler sees it: {@code params} are the path segments matched by {@code {}},
     * {@code body} the parsed JSON ({@link NullNode} if empty).
     */
    public record Request(String method, String path, List<String> params, JsonNode body, byte[] rawBody, HttpExchange exchange) {
        /** The first value of a request header, or null. */
        public String header(String name) {
            return exchange.getRequestHeaders().getFirst(name);
        }
    }

    /** Handles one request; the answer (a JsonNode or anything Jackson writes) is sent with status 200. */
    @FunctionalInterface
    public interface Handler {
        Object handle(Request request) throws Exception;
    }

    private record Route(String method, Pattern path, Handler handler) {}

    private final List<Route> routes = new ArrayList<>();
    private final HttpServer server;
    private final ExecutorService pool;

    /**
     * @param threads handler threads; handlers that block (on locks, peers, commits) need more than
     *                the client concurrency
     */
    public JsonHttpServer(String bind, int port, String name, int threads) throws IOException {
        server = HttpServer.create(new InetSocketAddress(bind, port), 512);
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor tpe = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, name + "-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        tpe.allowCoreThreadTimeOut(true);
        pool = tpe;
        server.setExecutor(pool);
        server.createContext("/", this::dispatch);
    }

    /** Registers a route; {@code {}} in the path template matches one non-empty path segment. */
    public JsonHttpServer route(String method, String template, Handler handler) {
        String regex = Pattern.quote(template).replace("{}", "\\E([^/]+)\\Q");
        routes.add(new Route(method, Pattern.compile(regex), handler));
        return this;
    }

    public JsonHttpServer start() {
        server.start();
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }

    private void dispatch(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getPath();
            int status = 200;
            Object answer;
            try {
                answer = route(ex, method, path);
            } catch (ApiError e) {
                status = e.status();
                answer = e.body();
            } catch (IllegalArgumentException e) {
                status = 400;
                answer = ApiError.badRequest(e.getMessage()).body();
            } catch (IOException e) {
                // The caller gave up (e.g. a peer's request timeout) while sending: nobody reads the answer.
                log.debug("{} {}: {}", method, path, e.toString());
                return;
            } catch (Exception e) {
                log.warn("{} {} failed", method, path, e);
                status = 500;
                answer = new ApiError(500, "internal", false, String.valueOf(e)).body();
            }
            byte[] bytes = MAPPER.writeValueAsBytes(answer);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private Object route(HttpExchange ex, String method, String path) throws Exception {
        boolean pathKnown = false;
        for (Route r : routes) {
            Matcher m = r.path().matcher(path);
            if (!m.matches()) continue;
            pathKnown = true;
            if (!r.method().equals(method)) continue;
            List<String> params = new ArrayList<>();
            for (int i = 1; i <= m.groupCount(); i++) params.add(m.group(i));
            byte[] raw = readBody(ex);
            return r.handler().handle(new Request(method, path, params, parse(raw), raw, ex));
        }
        if (pathKnown) throw new ApiError(405, "bad-request", true, "method " + method + " not allowed on " + path);
        throw new ApiError(404, "not-found", true, "no route " + method + " " + path);
    }

    private static byte[] readBody(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            byte[] b = in.readNBytes(MAX_BODY + 1);
            if (b.length > MAX_BODY) throw new ApiError(413, "too-large", true, "request body over " + MAX_BODY + " bytes");
            return b;
        }
    }

    private static JsonNode parse(byte[] raw) {
        if (raw.length == 0) return NullNode.instance;
        try {
            return MAPPER.readTree(raw);
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiError.badRequest("unreadable body: " + e.getMessage());
        }
    }

    // ---- field helpers for handlers

    public static String text(JsonNode body, String field) {
        JsonNode v = body == null ? null : body.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty())
            throw ApiError.badRequest("field '" + field + "' is required and must be a non-empty string");
        return v.asText();
    }

    public static long integer(JsonNode body, String field) {
        JsonNode v = body == null ? null : body.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong())
            throw ApiError.badRequest("field '" + field + "' is required and must be an integer");
        return v.asLong();
    }

    public static JsonNode scalar(JsonNode body, String field) {
        JsonNode v = body == null ? null : body.get(field);
        if (v == null || !(v.isNumber() || v.isTextual() || v.isBoolean() || v.isNull()))
            throw ApiError.badRequest("field '" + field + "' is required and must be a JSON scalar");
        return v;
    }

    /** A number, string or boolean: {@link #scalar} without null. */
    public static JsonNode nonNullScalar(JsonNode body, String field) {
        JsonNode v = scalar(body, field);
        if (v.isNull()) throw ApiError.badRequest("field '" + field + "' must be a number, string or boolean, not null");
        return v;
    }
}
