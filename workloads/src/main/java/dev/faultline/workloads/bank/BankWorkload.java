package dev.faultline.workloads.bank;

import dev.faultline.checkers.Checker;
import dev.faultline.checkers.bank.BankChecker;
import dev.faultline.checkers.history.Op;
import dev.faultline.harness.generator.GenContext;
import dev.faultline.harness.generator.Generator;
import dev.faultline.harness.generator.Generators;
import dev.faultline.harness.spi.TestContext;
import dev.faultline.harness.spi.TestOptions;
import dev.faultline.harness.spi.Workload;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bank, after Jepsen's bank test: clients transfer random amounts between random accounts and
 * read every balance at once; after the faults are healed one more read of every balance is made
 * (retried, 1 s apart, until one succeeds). Checked by {@link BankChecker}: every ok read must show
 * exactly the account set, no negative balance and the initial total.
 *
 * <p>Ops: {@code transfer} with value {@code {"from":"a1","to":"a4","amount":3}} (completes with the
 * same value); {@code read} with value null, completing ok with a map account to balance.
 */
public final class BankWorkload implements Workload {
    public static final String NAME = "bank";
    public static final String TRANSFER = "transfer";
    public static final String READ = "read";

    private final BankSettings settings;

    public BankWorkload(BankSettings settings) {
        this.settings = settings;
    }

    public BankSettings settings() {
        return settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    public Generator generator() {
        Generator ops = Generators.fn(this::next);
        return settings.rate() > 0 ? Generators.stagger(Duration.ofNanos((long) (1e9 / settings.rate())), ops) : ops;
    }

    @Override
    public Generator generator(TestContext ctx) {
        return generator();
    }

    private Op next(GenContext g) {
        if (g.random().nextDouble() < settings.readFraction()) return Generators.invoke(READ, null);
        int from = g.random().nextInt(settings.accounts());
        int to = g.random().nextInt(settings.accounts() - 1);
        if (to >= from) to++;
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("from", BankSettings.account(from));
        v.put("to", BankSettings.account(to));
        v.put("amount", 1 + (long) g.random().nextInt((int) Math.min(Integer.MAX_VALUE, settings.maxTransfer())));
        return Generators.invoke(TRANSFER, v);
    }

    /** Reads every balance until one read succeeds, at most {@code final-read-attempts} times, 1 s apart. */
    public Generator finalGenerator() {
        return Generators.limit(settings.finalReadAttempts(),
                Generators.untilOk(Generators.delay(Duration.ofSeconds(1), Generators.repeat(Generators.op(READ, null, null)))));
    }

    @Override
    public Generator finalGenerator(TestContext ctx) {
        return finalGenerator();
    }

    @Override
    public Checker checker(TestContext ctx) {
        return checker();
    }

    public Checker checker() {
        return BankChecker.withInitialBalance(settings.accountNames(), settings.initialBalance());
    }

    public static BankWorkload create(TestOptions options) {
        return new BankWorkload(BankSettings.of(options));
    }
}
