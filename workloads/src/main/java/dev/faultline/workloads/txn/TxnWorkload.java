package dev.faultline.workloads.txn;

import dev.faultline.checkers.Checker;
import dev.faultline.checkers.txn.TxnChecker;
import dev.faultline.harness.generator.GenContext;
import dev.faultline.harness.generator.Generator;
import dev.faultline.harness.generator.Generators;
import dev.faultline.harness.spi.TestContext;
import dev.faultline.harness.spi.TestOptions;
import dev.faultline.harness.spi.Workload;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Random transactions of 1..{@code txn.max-txn-length} micro-ops over a small rotating key set
 * ({@link KeyPool}), after Jepsen's append and wr workloads; checked by {@link TxnChecker} against
 * {@code txn.consistency} (docs/transactions.md).
 *
 * <p>An op is {@code f = "txn"} with the list of micro-ops as its value: list-append writes
 * {@code ["append", k, v]} and reads {@code ["r", k, null]} (the client fills in the list);
 * rw-register writes {@code ["w", k, v]} and reads {@code ["r", k, null]}. Keys are integers;
 * written values are unique per key. After the faults are healed every key ever used is read
 * (transactions of reads only, {@value #FINAL_READ_BATCH} keys each, retried until ok).
 */
public final class TxnWorkload implements Workload {
    /** The op function of a transaction (shared with target adapters). */
    public static final String TXN = "txn";
    public static final String READ = "r";
    public static final String APPEND = "append";
    public static final String WRITE = "w";
    static final int FINAL_READ_BATCH = 16;
    private static final Duration FINAL_READ_RETRY = Duration.ofMillis(500);

    private final TxnChecker.Workload shape;
    private final TxnSettings settings;
    private final KeyPool keys;

    public TxnWorkload(TxnChecker.Workload shape, TxnSettings settings) {
        this.shape = shape;
        this.settings = settings;
        this.keys = new KeyPool(settings.keyCount(), settings.maxWritesPerKey());
    }

    public static TxnWorkload create(TxnChecker.Workload shape, TestOptions options) {
        return new TxnWorkload(shape, TxnSettings.of(options));
    }

    @Override
    public String name() {
        return shape.wireName();
    }

    @Override
    public Generator generator(TestContext ctx) {
        Generator txns = Generators.fn(g -> Generators.invoke(TXN, null, transaction(g)));
        return settings.rate() > 0 ? Generators.stagger(Duration.ofNanos((long) (1e9 / settings.rate())), txns) : txns;
    }

    /** One random transaction. */
    List<List<Object>> transaction(GenContext g) {
        int length = 1 + g.random().nextInt(settings.maxTxnLength());
        List<List<Object>> ops = new ArrayList<>(length);
        Set<Long> touched = new HashSet<>();
        Set<Long> written = new HashSet<>();
        while (ops.size() < length) {
            int slot = keys.pick(g.random());
            long key = keys.key(slot);
            // one write per key and transaction (etcd refuses two puts of a key in one txn)
            boolean write = g.random().nextBoolean() && !(shape == TxnChecker.Workload.RW_REGISTER && written.contains(key));
            if (write) written.add(key);
            if (!write) {
                ops.add(read(key));
            } else if (shape == TxnChecker.Workload.LIST_APPEND) {
                ops.add(List.of(APPEND, key, keys.nextValue(slot)));
            } else if (settings.readModifyWrite() && !touched.contains(key)) {
                ops.add(read(key));
                if (ops.size() < length) ops.add(List.of(WRITE, key, keys.nextValue(slot)));
            } else {
                ops.add(List.of(WRITE, key, keys.nextValue(slot)));
            }
            touched.add(key);
        }
        return ops;
    }

    private static List<Object> read(long key) {
        return Arrays.asList(READ, key, null);
    }

    /** Reads every key handed out, {@value #FINAL_READ_BATCH} per transaction, each retried (bounded) until ok. */
    @Override
    public Generator finalGenerator(TestContext ctx) {
        List<Generator> reads = new ArrayList<>();
        long used = keys.keysUsed();
        for (long from = 0; from < used; from += FINAL_READ_BATCH) {
            List<List<Object>> txn = new ArrayList<>();
            for (long k = from; k < Math.min(used, from + FINAL_READ_BATCH); k++) txn.add(read(k));
            reads.add(Generators.limit(settings.finalReadAttempts(),
                    Generators.untilOk(Generators.delay(FINAL_READ_RETRY, Generators.repeat(Generators.op(TXN, null, txn))))));
        }
        return Generators.seq(reads);
    }

    @Override
    public Checker checker(TestContext ctx) {
        return new TxnChecker(shape, settings.consistency());
    }
}
