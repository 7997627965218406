package dev.faultline.targets.lock;

import dev.faultline.targets.jvm.JvmLogPatterns;
import dev.faultline.harness.spi.LogPatterns;
import dev.faultline.harness.spi.ParamSpec;
import dev.faultline.harness.control.Node;
import dev.faultline.harness.spi.ClientFactory;
import dev.faultline.harness.spi.ClientOpTimeout;
import dev.faultline.harness.spi.Db;
import dev.faultline.harness.spi.Params;
import dev.faultline.harness.spi.SelfTestCase;
import dev.faultline.harness.spi.Target;
import dev.faultline.harness.spi.TestOptions;
import dev.faultline.targets.http.JsonHttp;
import dev.faultline.targets.jvm.JvmBundle;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code --target lock}: our Raft lock service with fencing tokens and its fenced resource (servers/lock). */
public final class LockTarget implements Target, LogPatterns, ClientOpTimeout {
    public static final String NAME = "lock";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<ParamSpec> params() {
        return LockSettings.PARAMS;
    }

    @Override
    public List<String> logPatterns() {
        return JvmLogPatterns.with("two leaders in term", "overwriting committed index", "state machine failed to apply");
    }

    @Override
    public String description() {
        return "Faultline's Raft lease-lock service with fencing tokens, plus a fenced resource on the first node (servers/lock)";
    }

    @Override
    public Set<String> workloads() {
        return Set.of("lock");
    }

    @Override
    public Set<String> unsafeSwitches() {
        return LockSettings.SWITCHES;
    }

    /**
     * The safe build under each fault on its own; {@code wall-clock-lease} under forward clock
     * bumps of the leader (it hands out a lock whose lease has not run out); {@code no-fencing} under
     * pauses, with slow holders writing after their lease ran out; {@code no-fsync} under power losses
     * of the whole cluster (lose-unfsynced).
     */
    @Override
    public List<SelfTestCase> selfTests() {
        Duration interval = Duration.ofSeconds(4);
        Duration time = Duration.ofSeconds(40);
        return List.of(
                SelfTestCase.safe("lock", List.of("partition"), base(Map.of()), 3, 6, time, interval,
                        "partitions never give a lock to two clients at once; the resource refuses stale tokens"),
                // One lock server at a time, so that a majority keeps granting (killing two of three left
                // 19 ok ops in 40 s on a loaded machine).
                SelfTestCase.safe("lock", List.of("kill"), base(Map.of("kill.targets", "one")), 3, 6, time, interval,
                        "SIGKILL of lock servers: tokens stay unique and increasing, no two holders"),
                SelfTestCase.safe("lock", List.of("pause"), base(Map.of()), 3, 6, time, interval,
                        "a paused leader's leases are waited out by its successor"),
                SelfTestCase.safe("lock", List.of("clock"), base(Map.of()), 3, 6, time, interval,
                        "leases run on the monotonic clock: wall-clock bumps and strobes cannot break them"),
                SelfTestCase.unsafe("lock", "wall-clock-lease", List.of("clock"), base(Map.of(
                                "clock.targets", "primaries", "clock.ops", "bump,reset", "clock.direction", "forward",
                                "clock.min-delta", "10s", "clock.max-delta", "60s")), 3, 6, time, Duration.ofSeconds(3),
                        "the leader's wall clock jumps ahead by 10-60 s: it hands out locks whose leases still run"),
                SelfTestCase.unsafe("lock", "no-fencing", List.of("pause"), base(Map.of()), 3, 6, time, interval,
                        "holders that slept past their lease still write: without fencing the resource accepts them"),
                SelfTestCase.unsafe("lock", "no-fsync", List.of("disk"), base(Map.of("disk.faults", "lose-unfsynced", "disk.targets", "all")),
                        3, 6, Duration.ofSeconds(30), Duration.ofSeconds(6),
                        "the lock servers' Raft state is not fsynced: after a power loss of the cluster tokens go back (fencing invalid)"));
    }

    /** TTL 2 s under a 3 s maximum, and 30% slow holders: enough lease expiries in a short run. */
    private static Map<String, String> base(Map<String, String> extra) {
        Map<String, String> p = new HashMap<>(Map.of("lock.ttl-ms", "2000", "lock-service.max-ttl-ms", "3000",
                "lock.slow-fraction", "0.3"));
        p.putAll(extra);
        return p;
    }

    private static JvmBundle bundle(String name, Class<?> main) {
        return JvmBundle.server(name, main, dev.faultline.raft.RaftConfig.class, dev.faultline.server.http.JsonHttpServer.class);
    }

    @Override
    public Db db(TestOptions options) {
        return new LockDb(LockSettings.of(options), bundle(LockDb.NAME, dev.faultline.lock.Main.class),
                bundle(LockDb.RESOURCE, dev.faultline.lock.ResourceMain.class));
    }

    /** One request per op to one server (the client's lock node or the resource). */
    @Override
    public Duration clientOpTimeout(TestOptions options) {
        return JsonHttp.opTimeout(LockSettings.of(options).clientTimeout(), 1);
    }

    @Override
    public ClientFactory clients(String workload, TestOptions options) {
        requireWorkload(workload);
        LockSettings settings = LockSettings.of(options);
        long ttl = Params.of(options).longValue("lock.ttl-ms", 2000);
        if (ttl > settings.maxTtlMs()) {
            throw new IllegalArgumentException("--param lock.ttl-ms=" + ttl + " exceeds the server's lock-service.max-ttl-ms="
                    + settings.maxTtlMs());
        }
        Duration connect = JsonHttp.connectTimeout(settings.clientTimeout());
        return (ctx, node) -> {
            Node resource = LockDb.resourceNode(ctx);
            return new LockClient(JsonHttp.client(connect), node.address(), settings.clientPort(ctx.cluster(), node), resource.address(),
                    settings.resourcePort(), settings.clientTimeout());
        };
    }
}
