package dev.faultline.targets.lock;

import dev.faultline.harness.control.Node;
import dev.faultline.harness.spi.ClientFactory;
import dev.faultline.harness.spi.Db;
import dev.faultline.harness.spi.Params;
import dev.faultline.harness.spi.Target;
import dev.faultline.harness.spi.TestOptions;
import dev.faultline.targets.jvm.JvmBundle;
import dev.faultline.targets.http.JsonHttp;

import java.time.Duration;
import java.util.Set;

/** {@code --target lock}: our Raft lock service with fencing tokens and its fenced resource (servers/lock). */
public final class LockTarget implements Target {
    public static final String NAME = "lock";

    @Override
    public String name() {
        return NAME;
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

    private static JvmBundle bundle(String name, Class<?> main) {
        return JvmBundle.of(name, main,
                dev.faultline.raft.RaftConfig.class,
                com.fasterxml.jackson.databind.ObjectMapper.class,
                com.fasterxml.jackson.core.JsonFactory.class,
                com.fasterxml.jackson.annotation.JsonProperty.class,
                org.slf4j.Logger.class,
                ch.qos.logback.classic.Logger.class,
                ch.qos.logback.core.Appender.class);
    }

    @Override
    public Db db(TestOptions options) {
        return new LockDb(LockSettings.of(options), bundle(LockDb.NAME, dev.faultline.lock.Main.class),
                bundle(LockDb.RESOURCE, dev.faultline.lock.ResourceMain.class));
    }

    @Override
    public ClientFactory clients(String workload, TestOptions options) {
        if (!workloads().contains(workload)) {
            throw new IllegalArgumentException("the lock target supports the workloads " + workloads() + ", not '" + workload + "'");
        }
        LockSettings settings = LockSettings.of(options);
        long ttl = Params.of(options).longValue("lock.ttl-ms", 2000);
        if (ttl > settings.maxTtlMs()) {
            throw new IllegalArgumentException("--param lock.ttl-ms=" + ttl + " exceeds the server's lock-service.max-ttl-ms="
                    + settings.maxTtlMs());
        }
        Duration connect = Duration.ofMillis(Math.min(1000, settings.clientTimeout().toMillis()));
        return (ctx, node) -> {
            Node resource = LockDb.resourceNode(ctx);
            return new LockClient(JsonHttp.client(connect), node.address(), settings.clientPort(ctx.cluster(), node), resource.address(),
                    settings.resourcePort(), settings.clientTimeout());
        };
    }
}
