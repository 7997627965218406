package dev.faultline.junit;

import dev.faultline.checkers.history.Op;
import dev.faultline.harness.control.Node;
import dev.faultline.harness.spi.Client;
import dev.faultline.harness.spi.ClientFactory;
import dev.faultline.harness.spi.Db;
import dev.faultline.harness.spi.Killable;
import dev.faultline.harness.spi.Target;
import dev.faultline.harness.spi.TestContext;
import dev.faultline.harness.spi.TestOptions;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An in-JVM register service for the module's own tests: one authoritative store, and on every node
 * a cache of the values that node wrote. Safe, every op goes to the store (linearizable). With the
 * planted bug {@code stale-reads}, a node answers reads from its cache, which misses what other
 * nodes wrote since: a stale read. A killed node refuses ops until it is started again.
 */
final class CachingRegisterTarget implements Target {
    static final String STALE_READS = "stale-reads";

    @Override
    public String name() {
        return "caching-register";
    }

    @Override
    public String description() {
        return "in-JVM register with per-node caches (planted bug: stale-reads)";
    }

    @Override
    public Set<String> workloads() {
        return Set.of("register");
    }

    @Override
    public Set<String> unsafeSwitches() {
        return Set.of(STALE_READS);
    }

    @Override
    public Db db(TestOptions options) {
        return new Service(options.unsafe(STALE_READS));
    }

    @Override
    public ClientFactory clients(String workload, TestOptions options) {
        return (ctx, node) -> new NodeClient((Service) ctx.db(), node.name());
    }

    /** The service of one run: the store, the caches and which nodes are up. */
    static final class Service implements Db, Killable {
        final boolean staleReads;
        final Map<String, Long> store = new ConcurrentHashMap<>();
        final Map<String, Map<String, Long>> caches = new ConcurrentHashMap<>();
        final Set<String> up = ConcurrentHashMap.newKeySet();

        Service(boolean staleReads) {
            this.staleReads = staleReads;
        }

        @Override
        public void setup(TestContext ctx, Node node) {
            caches.put(node.name(), new ConcurrentHashMap<>());
            up.add(node.name());
        }

        @Override
        public void teardown(TestContext ctx, Node node) {
            up.remove(node.name());
        }

        @Override
        public List<String> logFiles(TestContext ctx, Node node) {
            return List.of();
        }

        @Override
        public void kill(TestContext ctx, Node node) {
            up.remove(node.name());
            caches.put(node.name(), new ConcurrentHashMap<>());
        }

        @Override
        public void start(TestContext ctx, Node node) {
            up.add(node.name());
        }
    }

    private record NodeClient(Service s, String node) implements Client {
        @Override
        public Op invoke(TestContext ctx, Op op) {
            if (!s.up.contains(node)) return op.fail("connection refused");
            Map<String, Long> cache = s.caches.get(node);
            switch (op.f()) {
                case "read":
                    return op.ok(s.staleReads && cache.containsKey(op.key()) ? cache.get(op.key()) : s.store.get(op.key()));
                case "write": {
                    long v = ((Number) op.value()).longValue();
                    s.store.put(op.key(), v);
                    cache.put(op.key(), v);
                    return op.ok(v);
                }
                case "cas": {
                    List<?> ev = (List<?>) op.value();
                    long expected = ((Number) ev.get(0)).longValue();
                    long next = ((Number) ev.get(1)).longValue();
                    if (!s.store.replace(op.key(), expected, next)) return op.fail("expected " + expected);
                    cache.put(op.key(), next);
                    return op.ok(op.value());
                }
                default:
                    return op.fail("unknown op " + op.f());
            }
        }
    }
}
