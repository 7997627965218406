package dev.faultline.workloads.register;

import dev.faultline.checkers.Checker;
import dev.faultline.checkers.linearizable.Budget;
import dev.faultline.checkers.linearizable.LinearizabilityChecker;
import dev.faultline.checkers.model.RegisterModel;
import dev.faultline.harness.generator.GenContext;
import dev.faultline.harness.generator.Generator;
import dev.faultline.harness.generator.Generators;
import dev.faultline.harness.spi.TestContext;
import dev.faultline.harness.spi.TestOptions;
import dev.faultline.harness.spi.Workload;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Linearizable registers, after Jepsen's register test: clients read, write and compare-and-set
 * small integers on independent keys ({@code k0}, {@code k1}, …). Each key gets at most
 * {@code ops-per-key} ops from a group of {@code threads-per-key} threads, then the group moves on
 * to a fresh key, so every per-key history stays small enough for the linearizability checker.
 * After the faults are healed, every key is read once more (final reads). Checked per key against
 * the cas-register model.
 *
 * <p>Ops: {@code read} (value null; completes with the value or null), {@code write v},
 * {@code cas [expected new]}.
 */
public final class RegisterWorkload implements Workload {
    /** The op functions (shared with target adapters). */
    public static final String READ = "read";
    public static final String WRITE = "write";
    public static final String CAS = "cas";

    private final RegisterSettings settings;
    /** Keys are handed out in order; this is one more than the highest key index ever handed out. */
    private final AtomicLong keysUsed = new AtomicLong();

    public RegisterWorkload(RegisterSettings settings) {
        this.settings = settings;
    }

    public static String key(long index) {
        return "k" + index;
    }

    @Override
    public String name() {
        return RegisterWorkloadFactory.NAME;
    }

    @Override
    public Generator generator(TestContext ctx) {
        int threadsPerKey = Math.min(settings.threadsPerKey(), Math.max(1, ctx.options().concurrency()));
        Generator keys = Generators.independentKeys(threadsPerKey, settings.opsPerKey(), settings.maxKeys(), index -> {
            keysUsed.accumulateAndGet(index + 1, Math::max);
            String key = key(index);
            return Generators.mix(
                    Generators.fn(g -> Generators.invoke(READ, key, null)),
                    Generators.fn(g -> Generators.invoke(WRITE, key, value(g))),
                    Generators.fn(g -> Generators.invoke(CAS, key, List.of(value(g), value(g)))));
        });
        return settings.rate() > 0 ? Generators.stagger(Duration.ofNanos((long) (1e9 / settings.rate())), keys) : keys;
    }

    private static final Duration FINAL_READ_RETRY = Duration.ofMillis(500);

    private long value(GenContext g) {
        return g.random().nextInt(settings.values());
    }

    /** Reads every key the main phase may have touched, retrying each (a bounded number of times) until one read succeeds. */
    @Override
    public Generator finalGenerator(TestContext ctx) {
        List<Generator> reads = new ArrayList<>();
        for (long k = 0; k < keysUsed.get(); k++) {
            // Spaced retries: a node restarted by the heal phase may need seconds before it answers.
            reads.add(Generators.limit(settings.finalReadAttempts(),
                    Generators.untilOk(Generators.delay(FINAL_READ_RETRY, Generators.repeat(Generators.op(READ, key(k), null))))));
        }
        return Generators.seq(reads);
    }

    @Override
    public Checker checker(TestContext ctx) {
        return new LinearizabilityChecker(RegisterModel.strictCasRegister(), null,
                new Budget(settings.checkTimeLimit(), Budget.DEFAULT.maxStates()));
    }

    /** Settings from {@code --param}: see {@link RegisterSettings#of}. */
    public static RegisterWorkload create(TestOptions options) {
        return new RegisterWorkload(RegisterSettings.of(options));
    }
}
