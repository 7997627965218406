package dev.faultline.lock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faultline.raft.RaftNode;
import dev.faultline.raft.RaftStatus;
import dev.faultline.server.http.ApiError;
import dev.faultline.server.http.JsonHttpServer;
import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One lock-service node: a Raft member with the lock table, serving the client HTTP API. */
final class LockServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LockServer.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private final LockOptions options;
    private final WallClock wall;
    private final LockStateMachine sm = new LockStateMachine();
    private final RaftNode raft;
    private final LockService service;
    private final LeaderProxy proxy;
    private final JsonHttpServer http;
    private final ScheduledExecutorService watcher;

    private LockServer(LockOptions options) throws IOException {
        this.options = options;
        this.wall = new WallClock(options.debugWallClockOffsetMs());
        this.raft = new RaftNode(options.raftConfig(), sm);
        this.service = new LockService(raft, sm, wall, options.unsafe(LockUnsafe.WALL_CLOCK_LEASE), options.maxTtl(),
                options.requestTimeout());
        this.proxy = new LeaderProxy(options.id(), options.requestTimeout());
        this.http = new JsonHttpServer(options.bind(), options.clientPort(), options.id(), 64)
                .route("POST", "/locks/{}/acquire", r -> write(r, () -> service.acquire(name(r),
                        JsonHttpServer.text(r.body(), "client"), JsonHttpServer.integer(r.body(), "ttlMs"))))
                .route("POST", "/locks/{}/renew", r -> write(r, () -> service.renew(name(r),
                        JsonHttpServer.text(r.body(), "client"), JsonHttpServer.integer(r.body(), "token"))))
                .route("POST", "/locks/{}/release", r -> write(r, () -> service.release(name(r),
                        JsonHttpServer.text(r.body(), "client"), JsonHttpServer.integer(r.body(), "token"))))
                .route("GET", "/locks/{}", r -> service.inspect(name(r)))
                .route("GET", "/status", r -> status());
        this.watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, options.id() + "-leadership-watch");
            t.setDaemon(true);
            return t;
        });
    }

    static LockServer start(LockOptions options) throws IOException {
        LockServer s = new LockServer(options);
        s.raft.start();
        s.watcher.scheduleWithFixedDelay(s.service::observeLeadership, 10, 10, TimeUnit.MILLISECONDS);
        s.http.start();
        log.info("lock server {} serving clients on {}:{} (advertised {}), unsafe {}", options.id(), options.bind(),
                s.http.port(), options.advertise(), options.unsafe());
        return s;
    }

    WallClock wallClock() {
        return wall;
    }

    RaftNode raft() {
        return raft;
    }

    private interface Op {
        JsonNode run();
    }

    /** Runs a write on the leader, or forwards it there once (a forwarded request is never forwarded again). */
    private JsonNode write(JsonHttpServer.Request r, Op op) {
        if (r.body() == null || !r.body().isObject()) throw ApiError.badRequest("the body must be a JSON object");
        try {
            return op.run();
        } catch (LockService.NotLeader nl) {
            if (nl.leader == null || nl.leaderAddress == null) {
                throw new ApiError(503, "no-leader", true, options.id() + " knows no leader");
            }
            if (r.header(LeaderProxy.FORWARDED_HEADER) != null) {
                throw new ApiError(503, "not-leader", true, options.id() + " is not the leader (request forwarded by "
                        + r.header(LeaderProxy.FORWARDED_HEADER) + ")", Json.object().put("leader", nl.leader));
            }
            LeaderProxy.Answer a = proxy.forward(nl.leader, nl.leaderAddress, r.method(), r.path(), r.rawBody());
            if (a.status() == 200) return a.body();
            throw ApiError.relayed(a.status(), a.body());
        }
    }

    private static String name(JsonHttpServer.Request r) {
        String n = r.params().get(0);
        if (!NAME.matcher(n).matches()) {
            throw ApiError.badRequest("lock name must match " + NAME.pattern() + ", got '" + n + "'");
        }
        return n;
    }

    private JsonNode status() {
        RaftStatus s = raft.status();
        ObjectNode o = Json.object();
        o.put("id", s.id()).put("role", s.role().wireName()).put("term", s.term());
        if (s.leader() == null) o.putNull("leader"); else o.put("leader", s.leader());
        o.put("commitIndex", s.commitIndex()).put("lastApplied", s.lastApplied())
                .put("lastLogIndex", s.lastLogIndex()).put("locks", sm.size())
                .put("wallClockMs", wall.millis());
        var unsafe = o.putArray("unsafe");
        options.unsafe().stream().sorted().forEach(unsafe::add);
        return o;
    }

    @Override
    public void close() {
        watcher.shutdownNow();
        http.close();
        raft.close();
    }
}
