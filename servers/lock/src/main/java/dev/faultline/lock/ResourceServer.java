package dev.faultline.lock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faultline.server.http.ApiError;
import dev.faultline.server.http.JsonHttpServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The fenced resource's HTTP API: {@code POST /resource/{name}}, {@code GET /resource/{name}}, {@code GET /status}. */
final class ResourceServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ResourceServer.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private final FencedResource resource;
    private final JsonHttpServer http;
    private final boolean fencing;

    private ResourceServer(String bind, int port, Path dataDir, boolean fencing) throws IOException {
        this.fencing = fencing;
        this.resource = new FencedResource(dataDir, fencing);
        this.http = new JsonHttpServer(bind, port, "resource", 64)
                .route("POST", "/resource/{}", this::write)
                .route("GET", "/resource/{}", this::read)
                .route("GET", "/status", r -> Json.object().put("role", "resource").put("fencing", fencing));
    }

    static ResourceServer start(String bind, int port, Path dataDir, boolean fencing) throws IOException {
        ResourceServer s = new ResourceServer(bind, port, dataDir, fencing);
        s.http.start();
        log.info("fenced resource serving on {}:{}, fencing {}, data dir {}", bind, s.http.port(),
                fencing ? "on" : "OFF (--unsafe no-fencing)", dataDir == null ? "none (in memory)" : dataDir);
        return s;
    }

    int port() {
        return http.port();
    }

    private JsonNode write(JsonHttpServer.Request r) throws IOException {
        String name = name(r);
        if (r.body() == null || !r.body().isObject()) throw ApiError.badRequest("the body must be a JSON object");
        String client = JsonHttpServer.text(r.body(), "client");
        long token = JsonHttpServer.integer(r.body(), "token");
        JsonNode value = JsonHttpServer.scalar(r.body(), "value");
        FencedResource.WriteResult w = resource.write(name, client, token, value);
        if (!w.accepted()) {
            throw new ApiError(409, "stale-token", true, "token " + token + " of " + client + " is lower than "
                    + w.highestToken() + ", already accepted for " + name, Json.object().put("highest", w.highestToken()));
        }
        return Json.object().put("seq", w.seq()).put("token", token);
    }

    private JsonNode read(JsonHttpServer.Request r) {
        String name = name(r);
        FencedResource.Register reg = resource.read(name);
        ObjectNode o = Json.object().put("name", name);
        if (reg == null) {
            o.putNull("value").putNull("token").putNull("seq");
        } else {
            o.set("value", reg.value());
            o.put("token", reg.token()).put("seq", reg.seq()).put("highestToken", reg.highestToken());
        }
        return o;
    }

    private static String name(JsonHttpServer.Request r) {
        String n = r.params().get(0);
        if (!NAME.matcher(n).matches()) {
            throw ApiError.badRequest("resource name must match " + NAME.pattern() + ", got '" + n + "'");
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        http.close();
        resource.close();
    }
}
