package dev.faultline.workloads.bank;

import dev.faultline.harness.spi.ParamSpec;
import dev.faultline.harness.spi.Params;
import dev.faultline.harness.spi.TestOptions;

import java.util.ArrayList;
import java.util.List;

/**
 * Knobs of the bank workload, from {@code --param bank.NAME=VALUE}. {@code bank.accounts} and
 * {@code bank.initial-balance} describe the bank itself: targets read them from here too (through
 * {@link #of}), so the workload's checker and the target's servers always agree on the account set
 * and the total.
 *
 * @param accounts          number of accounts {@code a0..a<n-1>} ({@code bank.accounts}, default 10)
 * @param initialBalance    balance of every account at the start ({@code bank.initial-balance}, default 100)
 * @param maxTransfer       transfer amounts are uniform in 1..maxTransfer ({@code bank.max-transfer}, default 5)
 * @param readFraction      share of ops that read every balance ({@code bank.read-fraction}, default 0.2)
 * @param rate              target ops/s over all clients, 0 for as fast as possible ({@code bank.rate}, default 100)
 * @param finalReadAttempts final reads after healing until one succeeds, 1 s apart ({@code bank.final-read-attempts}, default 20)
 */
public record BankSettings(int accounts, long initialBalance, long maxTransfer, double readFraction, double rate,
                           int finalReadAttempts) {
    /** Every {@code --param} key {@link #of} reads. */
    public static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.of("bank.accounts", 10, "number of accounts a0..a<n-1>"),
            ParamSpec.of("bank.initial-balance", 100, "balance of every account at the start"),
            ParamSpec.of("bank.max-transfer", 5, "transfer amounts are uniform in 1..bank.max-transfer"),
            ParamSpec.of("bank.read-fraction", 0.2, "share of ops that read every balance"),
            ParamSpec.of("bank.rate", 100, "target ops/s over all clients; 0 for as fast as possible"),
            ParamSpec.of("bank.final-read-attempts", 20, "final reads after healing until one succeeds, 1 s apart"));

    public BankSettings {
        if (accounts < 2) throw new IllegalArgumentException("--param bank.accounts must be >= 2, was " + accounts);
        if (initialBalance < 0) throw new IllegalArgumentException("--param bank.initial-balance must be >= 0, was " + initialBalance);
        if (maxTransfer < 1) throw new IllegalArgumentException("--param bank.max-transfer must be >= 1, was " + maxTransfer);
        if (readFraction < 0 || readFraction > 1) throw new IllegalArgumentException("--param bank.read-fraction must be in [0, 1], was " + readFraction);
        if (rate < 0) throw new IllegalArgumentException("--param bank.rate must be >= 0, was " + rate);
        if (finalReadAttempts < 1) throw new IllegalArgumentException("--param bank.final-read-attempts must be >= 1, was " + finalReadAttempts);
    }

    public static BankSettings of(TestOptions o) {
        Params p = Params.of(o);
        return new BankSettings(
                p.intValue("bank.accounts", 10),
                p.longValue("bank.initial-balance", 100),
                p.longValue("bank.max-transfer", 5),
                p.doubleValue("bank.read-fraction", 0.2),
                p.doubleValue("bank.rate", 100),
                p.intValue("bank.final-read-attempts", 20));
    }

    public static String account(int index) {
        return "a" + index;
    }

    /** {@code a0 .. a<accounts-1>}. */
    public List<String> accountNames() {
        List<String> names = new ArrayList<>(accounts);
        for (int i = 0; i < accounts; i++) names.add(account(i));
        return names;
    }

    public long expectedTotal() {
        return Math.multiplyExact(accounts, initialBalance);
    }
}
