package dev.faultline.targets.etcd;

import dev.faultline.harness.spi.LogPatterns;
import dev.faultline.harness.spi.ParamSpec;
import dev.faultline.harness.control.Node;
import dev.faultline.harness.spi.ClientFactory;
import dev.faultline.harness.spi.ClientOpTimeout;
import dev.faultline.harness.spi.Db;
import dev.faultline.harness.spi.SelfTestCase;
import dev.faultline.harness.spi.Target;
import dev.faultline.harness.spi.TestOptions;
import dev.faultline.targets.http.JsonHttp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code --target etcd}: etcd 3.4 (Debian bookworm's etcd-server, in the node image), a system nobody here wrote. */
public final class EtcdTarget implements Target, LogPatterns, ClientOpTimeout {
    public static final String NAME = "etcd";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<ParamSpec> params() {
        return EtcdSettings.PARAMS;
    }

    @Override
    public List<String> logPatterns() {
        return List.of("^panic: ", "\"level\":\"(panic|fatal)\"", "(?i)data corruption");
    }

    @Override
    public String description() {
        return "etcd 3.4 (Debian's etcd-server) over its v3 JSON gateway; --param etcd.serializable=true for serializable reads";
    }

    /**
     * etcd has no planted bugs; its default (linearizable reads) must stay valid under partitions and
     * kills (the run of docs/etcd.md). Serializable reads, which docs/etcd.md shows being caught, are a
     * parameter rather than an {@code --unsafe} switch, so they are not a self-test case.
     */
    @Override
    public List<SelfTestCase> selfTests() {
        return List.of(SelfTestCase.safe("register", List.of("partition", "kill"), Map.of(), 3, 6, Duration.ofSeconds(30),
                Duration.ofSeconds(4), "etcd's linearizable reads and writes stay linearizable under partitions and kills"));
    }

    @Override
    public Set<String> nodePackages() {
        return Set.of("etcd-server");
    }

    @Override
    public Set<String> workloads() {
        return Set.of("register", "rw-register");
    }

    @Override
    public Db db(TestOptions options) {
        return new EtcdDb(EtcdSettings.of(options));
    }

    /** One request per op; a refused member is tried next (quick), a connect timeout fails the op. */
    @Override
    public Duration clientOpTimeout(TestOptions options) {
        return JsonHttp.opTimeout(EtcdSettings.of(options).clientTimeout(), 1);
    }

    @Override
    public ClientFactory clients(String workload, TestOptions options) {
        requireWorkload(workload);
        EtcdSettings settings = EtcdSettings.of(options);
        Duration connect = JsonHttp.connectTimeout(settings.clientTimeout());
        // A fresh HttpClient (fresh connections) per client: after an indeterminate op the worker reopens its client.
        return (ctx, node) -> {
            List<Node> nodes = ctx.cluster().nodes();
            List<EtcdClient.Endpoint> endpoints = new ArrayList<>();
            int own = nodes.indexOf(node);
            for (int i = 0; i < nodes.size(); i++) {
                endpoints.add(new EtcdClient.Endpoint(nodes.get((own + i) % nodes.size()).address(), settings.clientPort()));
            }
            return new EtcdClient(EtcdHttp.client(connect), endpoints, settings.clientTimeout(), settings.serializable());
        };
    }
}
