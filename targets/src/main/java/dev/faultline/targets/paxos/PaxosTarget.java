package dev.faultline.targets.paxos;

import dev.faultline.harness.spi.ClientFactory;
import dev.faultline.harness.spi.ClientOpTimeout;
import dev.faultline.harness.spi.Db;
import dev.faultline.harness.spi.ParamSpec;
import dev.faultline.harness.spi.SelfTestCase;
import dev.faultline.harness.spi.Target;
import dev.faultline.harness.spi.TestOptions;
import dev.faultline.targets.http.JsonHttp;
import dev.faultline.targets.http.NodeFailover;
import dev.faultline.targets.jvm.JvmBundle;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code --target paxos}: our CASPaxos register store (servers/paxos). */
public final class PaxosTarget implements Target, ClientOpTimeout {
    public static final String NAME = "paxos";

    @Override
    public List<ParamSpec> params() {
        return PaxosSettings.PARAMS;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Faultline's CASPaxos replicated register store, one Paxos instance per key (servers/paxos)";
    }

    @Override
    public Set<String> workloads() {
        return Set.of("register");
    }

    @Override
    public Set<String> unsafeSwitches() {
        return Set.of("no-persist-promise", "skip-prepare", "local-read", "no-fsync");
    }

    /** {@code --nemesis disk} with power losses only (unfsynced data, creates and renames undone). */
    private static Map<String, String> loseUnfsynced(String targets) {
        return Map.of("disk.faults", "lose-unfsynced", "disk.targets", targets);
    }

    /**
     * The {@code stale-resume} episode with what makes it expose a forgotten promise: the server's
     * test hook holds a round that waited out the outage for 10 s between its phases (the survivor
     * freezes inside that hold), a 10 s request timeout keeps the survivor's rounds retrying through
     * the outage, one client per key stays on its key; docs/paxos.md explains the timing.
     */
    private static Map<String, String> staleResume() {
        return Map.of("paxos.test-retry-stall-ms", "10000", "paxos.request-timeout-ms", "10000", "paxos.client-timeout-ms", "10000",
                "threads-per-key", "1", "ops-per-key", "1000", "values", "50",
                "stale-resume.alone", "3s", "stale-resume.catch-up", "6s", "stale-resume.hold", "24s");
    }

    /**
     * The safe build under each fault on its own, {@code skip-prepare} and {@code local-read} under
     * partitions; durability: the safe build under power losses of one node at a time, {@code no-fsync}
     * under power losses of the whole cluster (a majority forgets promises and accepts it answered);
     * the safe build and {@code no-persist-promise} under the scripted {@code stale-resume} episode.
     */
    @Override
    public List<SelfTestCase> selfTests() {
        Duration time = Duration.ofSeconds(30);
        Duration interval = Duration.ofSeconds(4);
        return List.of(
                SelfTestCase.safe("register", List.of("partition"), Map.of(), 3, 6, time, interval,
                        "partitions never make the store non-linearizable: a minority gets no promises"),
                SelfTestCase.safe("register", List.of("kill"), Map.of("kill.targets", "one"), 3, 6, time, interval,
                        "SIGKILL and restart lose no promise and no accepted value (fsync before every answer)"),
                SelfTestCase.safe("register", List.of("pause"), Map.of(), 3, 6, time, interval,
                        "a SIGSTOPped proposer that wakes up is refused by acceptors that promised higher ballots"),
                SelfTestCase.safe("register", List.of("clock"), Map.of(), 3, 6, time, interval,
                        "clock jumps change nothing: ballots are counters, timeouts use the monotonic clock"),
                SelfTestCase.unsafe("register", "skip-prepare", List.of("partition"), Map.of(), 3, 6, time, interval,
                        "a proposer that won the last round skips phase 1 and overwrites from its stale cache"),
                SelfTestCase.unsafe("register", "local-read", List.of("partition"), Map.of(), 3, 6, time, interval,
                        "a read answered from one acceptor returns a value a majority has overwritten"),
                SelfTestCase.safe("register", List.of("disk"), loseUnfsynced("one"), 3, 6, time, interval,
                        "a power loss of one node at a time loses no promise and no accepted value (fsync before every answer)"),
                SelfTestCase.unsafe("register", "no-fsync", List.of("disk"), loseUnfsynced("all"), 3, 6, time, interval,
                        "acceptors answer without fsync: a power loss of the cluster takes back accepted values a majority acknowledged"),
                SelfTestCase.safe("register", List.of("stale-resume"), staleResume(), 3, 9, Duration.ofSeconds(80), Duration.ofSeconds(8),
                        "a frozen proposer whose promises a restarted majority made durable is refused when it resumes"),
                SelfTestCase.unsafe("register", "no-persist-promise", List.of("stale-resume"), staleResume(), 3, 9,
                        Duration.ofSeconds(80), Duration.ofSeconds(8),
                        "acceptors forget promises on restart: a proposer frozen since before the restart has its stale value chosen "
                                + "over writes the restarted majority acknowledged"));
    }

    /** The server's jars: the paxos server, Jackson, slf4j and logback. */
    static JvmBundle bundle() {
        return JvmBundle.server(NAME, dev.faultline.paxos.Main.class, dev.faultline.server.http.JsonHttpServer.class);
    }

    @Override
    public Db db(TestOptions options) {
        return new PaxosDb(PaxosSettings.of(options), bundle());
    }

    /** One request per op, after up to one connect timeout per node ({@link NodeFailover}). */
    @Override
    public Duration clientOpTimeout(TestOptions options) {
        return JsonHttp.opTimeout(PaxosSettings.of(options).clientTimeout(), options.nodes());
    }

    @Override
    public ClientFactory clients(String workload, TestOptions options) {
        requireWorkload(workload);
        PaxosSettings settings = PaxosSettings.of(options);
        Duration connect = JsonHttp.connectTimeout(settings.clientTimeout());
        // A fresh HttpClient per client: after an indeterminate op the worker reopens its client.
        return (ctx, node) -> new PaxosClient(JsonHttp.client(connect),
                NodeFailover.ownFirst(ctx.cluster(), node, n -> settings.port(ctx.cluster(), n)), settings.clientTimeout());
    }
}
