package dev.faultline.workloads.txn;

import dev.faultline.checkers.txn.ConsistencyModel;
import dev.faultline.harness.spi.ParamSpec;
import dev.faultline.harness.spi.Params;
import dev.faultline.harness.spi.TestOptions;

import java.util.List;

/**
 * Knobs of the list-append and rw-register workloads, from {@code --param k=v}.
 *
 * @param keyCount          keys in play at once ({@code txn.key-count}, default 6)
 * @param maxWritesPerKey   writes a key takes before it is retired for a fresh one ({@code txn.max-writes-per-key}, default 32)
 * @param maxTxnLength      micro-ops per transaction, drawn from 1..this ({@code txn.max-txn-length}, default 4)
 * @param readModifyWrite   rw-register: a write is preceded by a read of its key in the same transaction
 *                          ({@code txn.read-modify-write}, default true; blind writes leave version orders unknown)
 * @param rate              target transactions per second over all clients, 0 for as fast as possible ({@code rate}, default 100)
 * @param finalReadAttempts attempts per final read until one succeeds ({@code final-read-attempts}, default 100, 500 ms apart)
 * @param consistency       the model the history is checked against ({@code txn.consistency}, default strict-serializable)
 */
public record TxnSettings(int keyCount, int maxWritesPerKey, int maxTxnLength, boolean readModifyWrite, double rate,
                          int finalReadAttempts, ConsistencyModel consistency) {
    public TxnSettings {
        if (keyCount < 1) throw new IllegalArgumentException("--param txn.key-count must be >= 1, was " + keyCount);
        if (maxWritesPerKey < 1) throw new IllegalArgumentException("--param txn.max-writes-per-key must be >= 1, was " + maxWritesPerKey);
        if (maxTxnLength < 1) throw new IllegalArgumentException("--param txn.max-txn-length must be >= 1, was " + maxTxnLength);
        if (rate < 0) throw new IllegalArgumentException("--param rate must be >= 0, was " + rate);
        if (finalReadAttempts < 1) throw new IllegalArgumentException("--param final-read-attempts must be >= 1, was " + finalReadAttempts);
    }

    /** Every {@code --param} key {@link #of} reads. */
    public static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.of("txn.consistency", ConsistencyModel.STRICT_SERIALIZABLE.wireName(),
                    "the consistency model the history is checked against (docs/transactions.md)"),
            ParamSpec.of("txn.key-count", 6, "keys in play at once"),
            ParamSpec.of("txn.max-writes-per-key", 32, "writes to a key before it is swapped for a fresh one"),
            ParamSpec.of("txn.max-txn-length", 4, "micro-ops per transaction, at most"),
            ParamSpec.of("txn.read-modify-write", true, "rw-register: a write reads its key first in the same transaction"),
            ParamSpec.of("rate", 100, "transactions per second over all clients (0: as fast as possible)"),
            ParamSpec.of("final-read-attempts", 100, "attempts per final read until one succeeds, 500 ms apart"));

    public static TxnSettings of(TestOptions o) {
        Params p = Params.of(o);
        String model = p.string("txn.consistency", ConsistencyModel.STRICT_SERIALIZABLE.wireName());
        ConsistencyModel consistency;
        try {
            consistency = ConsistencyModel.byName(model);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--param txn.consistency: " + e.getMessage(), e);
        }
        return new TxnSettings(
                p.intValue("txn.key-count", 6),
                p.intValue("txn.max-writes-per-key", 32),
                p.intValue("txn.max-txn-length", 4),
                p.bool("txn.read-modify-write", true),
                p.doubleValue("rate", 100),
                p.intValue("final-read-attempts", 100),
                consistency);
    }
}
