package dev.faultline.paxos;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JDK HttpServer that routes {@code METHOD /path/{}/...} to handlers taking and returning JSON.
 * Handlers throw {@link ApiError} for error answers; malformed JSON, unknown paths and oversized
 * bodies become 4xx answers and the server keeps serving.
 */
final class JsonHttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JsonHttpServer.class);
    static final int MAX_BODY = 1 << 20;

    static {
        // Without TCP_NODELAY, Nagle's algorithm meets delayed ACKs and every small answer waits ~40 ms.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** One request: the decoded path parameters and the JSON body (NullNode if empty). */
    record Request(List<String> params, JsonNode body) {
    }

    @FunctionalInterface
    interface Handler {
        JsonNode handle(Request request) throws Exception;
    }

    private record Route(String method, Pattern path, Handler handler) {
    }

    private final List<Route> routes = new ArrayList<>();
    private final HttpServer server;
    private final ExecutorService pool;

    JsonHttpServer(String bind, int port, String name) throws IOException {
        server = HttpServer.create(new InetSocketAddress(bind, port), 512);
        AtomicInteger n = new AtomicInteger();
        // Client requests block on Paxos rounds and acceptor requests on fsync: the pool must exceed both.
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

    /** Registers a route; {@code {}} in the template matches one non-empty path segment. */
    JsonHttpServer route(String method, String template, Handler handler) {
        String regex = Pattern.quote(template).replace("{}", "\\E([^/]+)\\Q");
        routes.add(new Route(method, Pattern.compile(regex), handler));
        return this;
    }

    JsonHttpServer start() {
        server.start();
        return this;
    }

    int port() {
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
            String path = ex.getRequestURI().getRawPath();
            int status = 200;
            JsonNode answer;
            try {
                answer = route(ex, method, path);
            } catch (ApiError e) {
                status = e.status();
                answer = e.body();
            } catch (IOException e) {
                // The caller gave up (a proposer's peer timeout) while sending: nobody reads the answer.
                log.debug("{} {}: {}", method, path, e.toString());
                return;
            } catch (Exception e) {
                log.warn("{} {} failed", method, path, e);
                status = 500;
                // An unexpected failure: we cannot promise it had no effect.
                answer = new ApiError(500, "internal", false, String.valueOf(e)).body();
            }
            byte[] bytes = Json.MAPPER.writeValueAsBytes(answer);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private JsonNode route(HttpExchange ex, String method, String path) throws Exception {
        boolean pathKnown = false;
        for (Route r : routes) {
            Matcher m = r.path().matcher(path);
            if (!m.matches()) continue;
            pathKnown = true;
            if (!r.method().equals(method)) continue;
            List<String> params = new ArrayList<>();
            for (int i = 1; i <= m.groupCount(); i++) {
                params.add(URLDecoder.decode(m.group(i).replace("+", "%2B"), StandardCharsets.UTF_8));
            }
            return r.handler().handle(new Request(params, readBody(ex)));
        }
        if (pathKnown) throw new ApiError(405, "bad-request", true, "method " + method + " not allowed on " + path);
        throw new ApiError(404, "not-found", true, "no route " + method + " " + path);
    }

    private static JsonNode readBody(HttpExchange ex) throws IOException {
        byte[] raw;
        try (InputStream in = ex.getRequestBody()) {
            raw = in.readNBytes(MAX_BODY + 1);
        }
        if (raw.length > MAX_BODY) throw new ApiError(413, "too-large", true, "request body over " + MAX_BODY + " bytes");
        if (raw.length == 0) return NullNode.instance;
        try {
            return Json.MAPPER.readTree(raw);
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("malformed JSON: " + e.getOriginalMessage());
        }
    }

    /** A JSON scalar field (number, string, boolean; null only if {@code nullable}). */
    static JsonNode scalar(JsonNode body, String field, boolean nullable) {
        if (body == null || !body.isObject()) throw ApiError.badRequest("the body must be a JSON object with field '" + field + "'");
        JsonNode v = body.get(field);
        if (v == null) throw ApiError.badRequest("missing field '" + field + "'");
        if (v.isNull() && nullable) return v;
        if (!(v.isNumber() || v.isTextual() || v.isBoolean())) {
            throw ApiError.badRequest("field '" + field + "' must be a number, string or boolean");
        }
        return v;
    }
}
