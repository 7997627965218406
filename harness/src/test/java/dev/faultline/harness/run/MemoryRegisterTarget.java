package dev.faultline.harness.run;

import dev.faultline.checkers.Checker;
import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.Op;
import dev.faultline.checkers.result.CheckResult;
import dev.faultline.checkers.result.Validity;
import dev.faultline.harness.control.Node;
import dev.faultline.harness.generator.Generator;
import dev.faultline.harness.generator.Generators;
import dev.faultline.harness.spi.Client;
import dev.faultline.harness.spi.ClientFactory;
import dev.faultline.harness.spi.Db;
import dev.faultline.harness.spi.Killable;
import dev.faultline.harness.spi.Pausable;
import dev.faultline.harness.spi.PrimaryAware;
import dev.faultline.harness.spi.Nemesis;
import dev.faultline.harness.spi.NemesisPackage;
import dev.faultline.harness.spi.Target;
import dev.faultline.harness.spi.TestContext;
import dev.faultline.harness.spi.TestOptions;
import dev.faultline.harness.spi.Workload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process atomic register store: the simplest real system under test for the runner. Every
 * op is atomic on a shared map, so any history it produces is linearizable. Params:
 * {@code info-every=N} makes every Nth client op throw after applying it (an indeterminate op);
 * {@code hang-every=N} makes every Nth op block until interrupted (a hung client);
 * {@code slow-first-ms=MS} makes the first client op take that long before it is applied (a slow commit).
 */
class MemoryRegisterTarget implements Target {
    final Map<String, Long> data = new ConcurrentHashMap<>();
    final AtomicInteger opCount = new AtomicInteger();
    final AtomicBoolean up = new AtomicBoolean();

    @Override
    public String name() {
        return "memory-register";
    }

    @Override
    public String description() {
        return "in-process atomic registers";
    }

    @Override
    public Set<String> workloads() {
        return Set.of("memory-register");
    }

    @Override
    public Db db(TestOptions options) {
        return new MemoryDb();
    }

    /** Every ability, so the runner and nemeses can be tested against it. */
    interface FullDb extends Db, Killable, Pausable, PrimaryAware {
    }

    private final class MemoryDb implements FullDb {
        @Override
        public void setup(TestContext ctx, Node node) throws IOException {
            up.set(true);
            Path dir = ((LocalTestProvisioner.DirRemote) node.remote()).dir();
            Files.writeString(dir.resolve("server.log"), "started " + node.name() + "\n");
        }

        @Override
        public void teardown(TestContext ctx, Node node) {
            up.set(false);
        }

        @Override
        public void start(TestContext ctx, Node node) {
            up.set(true);
        }

        @Override
        public void kill(TestContext ctx, Node node) {
            up.set(false);
        }

        @Override
        public void pause(TestContext ctx, Node node) {
        }

        @Override
        public void resume(TestContext ctx, Node node) {
        }

        @Override
        public List<String> logFiles(TestContext ctx, Node node) {
            return List.of("/server.log");
        }

        @Override
        public Optional<String> primary(TestContext ctx) {
            return up.get() ? Optional.of("n1") : Optional.empty();
        }
    }

    @Override
    public ClientFactory clients(String workload, TestOptions options) {
        int infoEvery = Integer.parseInt(options.param("info-every", "0"));
        int hangEvery = Integer.parseInt(options.param("hang-every", "0"));
        long slowFirstMs = Long.parseLong(options.param("slow-first-ms", "0"));
        return (ctx, node) -> new Client() {
            @Override
            public Op invoke(TestContext c, Op op) throws Exception {
                int n = opCount.incrementAndGet();
                if (!up.get()) return op.fail("down");
                if (n == 1 && slowFirstMs > 0) Thread.sleep(slowFirstMs);
                if (hangEvery > 0 && n % hangEvery == 0) {
                    Thread.sleep(Long.MAX_VALUE);
                }
                Op result = apply(op);
                if (infoEvery > 0 && n % infoEvery == 0) throw new IOException("connection reset after send");
                return result;
            }
        };
    }

    private Op apply(Op op) {
        switch (op.f()) {
            case "read":
                return op.ok(data.get(op.key()));
            case "write":
                data.put(op.key(), (Long) op.value());
                return op.ok(op.value());
            case "cas": {
                @SuppressWarnings("unchecked") List<Long> v = (List<Long>) op.value();
                boolean swapped = data.replace(op.key(), v.get(0), v.get(1));
                return swapped ? op.ok(v) : op.fail("cas-mismatch");
            }
            default:
                return op.fail("unknown f " + op.f());
        }
    }

    /** Reads, writes and cas over independent keys; final reads of the first keys. */
    static Workload workload(int keys) {
        return new Workload() {
            @Override
            public String name() {
                return "memory-register";
            }

            @Override
            public Generator generator(TestContext ctx) {
                return Generators.independentKeys(2, 20, keys, k -> Generators.fn(g -> switch (g.random().nextInt(3)) {
                    case 0 -> Generators.invoke("read", "k" + k, null);
                    case 1 -> Generators.invoke("write", "k" + k, (long) g.random().nextInt(5));
                    default -> Generators.invoke("cas", "k" + k, List.of((long) g.random().nextInt(5), (long) g.random().nextInt(5)));
                }));
            }

            @Override
            public Generator finalGenerator(TestContext ctx) {
                return Generators.seq(java.util.stream.IntStream.range(0, 3)
                        .mapToObj(k -> Generators.op("read", "k" + k, null)).toList());
            }

            @Override
            public Checker checker(TestContext ctx) {
                return new ReadsSeeWrittenValues();
            }
        };
    }

    /** Every ok read returns null or a value some write or cas tried to put in that key. */
    static final class ReadsSeeWrittenValues implements Checker {
        @Override
        public String name() {
            return "reads-see-writes";
        }

        @Override
        public CheckResult check(History history) {
            Map<String, Set<Object>> written = new java.util.HashMap<>();
            for (Op op : history) {
                if (!op.isInvoke()) continue;
                if (op.f().equals("write")) written.computeIfAbsent(op.key(), k -> new java.util.HashSet<>()).add(op.value());
                if (op.f().equals("cas")) written.computeIfAbsent(op.key(), k -> new java.util.HashSet<>()).add(((List<?>) op.value()).get(1));
            }
            for (Op op : history) {
                if (op.isOk() && op.f().equals("read") && op.value() != null
                        && !written.getOrDefault(op.key(), Set.of()).contains(op.value())) {
                    return CheckResult.of(name(), Validity.INVALID, "op " + op.index() + " read " + op.value() + " which was never written");
                }
            }
            return CheckResult.of(name(), Validity.VALID, "every read saw a written value");
        }
    }

    /** A nemesis that "partitions" by flipping a flag, and records that it was healed (for the shutdown test). */
    static NemesisPackage flagNemesis(Path healMarker) {
        AtomicBoolean faulty = new AtomicBoolean();
        Nemesis n = new Nemesis() {
            @Override
            public Set<String> fs() {
                return Set.of("start-fault", "stop-fault");
            }

            @Override
            public Op invoke(TestContext ctx, Op invocation) {
                faulty.set(invocation.f().equals("start-fault"));
                return invocation.complete(dev.faultline.checkers.history.OpType.INFO, faulty.get() ? "faulty" : "fine", null);
            }

            @Override
            public void heal(TestContext ctx) throws IOException {
                faulty.set(false);
                Files.writeString(healMarker, "healed at " + ctx.nanoTime() + "\n", java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.APPEND);
            }
        };
        Generator gen = Generators.delay(Duration.ofMillis(100), Generators.flipFlop(
                Generators.repeat(Generators.op("start-fault", null, null)), Generators.repeat(Generators.op("stop-fault", null, null))));
        return new NemesisPackage("flag", n, gen, Generators.op("stop-fault", null, null),
                List.of(new dev.faultline.results.FaultKind("flag", "start-fault", "stop-fault")), Set.of());
    }
}
