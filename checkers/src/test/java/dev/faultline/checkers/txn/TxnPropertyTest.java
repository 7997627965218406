package dev.faultline.checkers.txn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.checkers.bench.SyntheticTxnHistories;
import dev.faultline.checkers.bench.SyntheticTxnHistories.Shape;
import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.Op;
import dev.faultline.checkers.history.OpType;
import dev.faultline.checkers.result.CheckResult;
import dev.faultline.checkers.result.Validity;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Random histories: serial executions are valid; perturbed small ones agree with a brute-force serializability search. */
class TxnPropertyTest {
    /** Perturbed histories per workload; raise with -Dfaultline.txn.trials=100000 for a longer run. */
    private static final int TRIALS = Integer.getInteger("faultline.txn.trials", 4_000);

    @Test
    void strictSerializableExecutionsShowNoAnomaly() {
        for (boolean listAppend : new boolean[] {true, false}) {
            for (long seed = 1; seed <= 150; seed++) {
                Shape shape = new Shape(listAppend, 20 + (int) (seed % 7) * 30, 2 + (int) (seed % 5), 1 + (int) (seed % 6), 1 + (int) (seed % 4), 3 + (int) (seed % 9),
                        0.05, 0.05, seed % 2 == 0);
                History h = SyntheticTxnHistories.generate(seed, shape, false);
                for (ConsistencyModel model : List.of(ConsistencyModel.STRICT_SERIALIZABLE, ConsistencyModel.STRONG_SESSION_SERIALIZABLE)) {
                    CheckResult r = checker(listAppend, model).check(h);
                    assertThat(((TxnReport) r.detail()).counts()).as("seed %d %s %s: %s", seed, shape, model, r.summary()).isEmpty();
                    assertThat(r.validity()).isEqualTo(Validity.VALID);
                }
            }
        }
    }

    @Test
    void injectedReadSkewIsFound() {
        History h = SyntheticTxnHistories.listAppend(7, 2_000, 10, true);
        CheckResult r = checker(true, ConsistencyModel.SNAPSHOT_ISOLATION).check(h);
        assertThat(r.validity()).as(r.summary()).isEqualTo(Validity.INVALID);
        assertThat(((TxnReport) r.detail()).forbidden()).contains("G-single");
    }

    @Test
    void listAppendAgreesWithBruteForceOnPerturbedSmallHistories() {
        int[] verdicts = compare(true, TRIALS);
        assertThat(verdicts[0]).as("agreeing invalid verdicts").isGreaterThan(500);
        assertThat(verdicts[1]).as("agreeing valid verdicts").isGreaterThan(500);
    }

    @Test
    void rwRegisterIsSoundOnPerturbedSmallHistories() {
        int[] verdicts = compare(false, TRIALS);
        assertThat(verdicts[0]).as("agreeing invalid verdicts").isGreaterThan(500);
    }

    /** @return [both invalid, both valid, checker valid but not serializable (incomplete)] */
    private static int[] compare(boolean listAppend, int trials) {
        int[] counts = new int[3];
        SplittableRandom random = new SplittableRandom(42);
        for (int trial = 0; trial < trials; trial++) {
            long seed = random.nextLong();
            Shape shape = new Shape(listAppend, 5, 3, 2, 3, 10, 0.1, 0.1, true);
            History h = perturb(SyntheticTxnHistories.generate(seed, shape, false), new SplittableRandom(seed), listAppend);
            List<Txn> txns = TxnHistory.of(h);
            boolean serializable = BruteForce.serializable(txns, listAppend);
            CheckResult r = checker(listAppend, ConsistencyModel.SERIALIZABLE).check(h);
            String context = "trial " + trial + " seed " + seed + ":\n" + describe(txns) + r.summary();
            assertThat(r.validity()).as(context).isNotEqualTo(Validity.UNKNOWN);
            boolean valid = r.validity() == Validity.VALID;
            if (!valid) assertThat(serializable).as("checker claims an anomaly in a serializable history: " + context).isFalse();
            if (listAppend && valid) assertThat(serializable).as("checker misses a non-serializable history: " + context).isTrue();
            counts[valid ? (serializable ? 1 : 2) : 0]++;
        }
        System.out.printf("%s: %d trials: %d both invalid, %d both valid, %d serializable-invalid missed by the checker%n",
                listAppend ? "list-append" : "rw-register", trials, counts[0], counts[1], counts[2]);
        return counts;
    }

    private static TxnChecker checker(boolean listAppend, ConsistencyModel model) {
        return new TxnChecker(listAppend ? TxnChecker.Workload.LIST_APPEND : TxnChecker.Workload.RW_REGISTER, model);
    }

    private static String describe(List<Txn> txns) {
        StringBuilder sb = new StringBuilder();
        for (Txn t : txns) sb.append("  ").append(t.describe()).append('\n');
        return sb.toString();
    }

    /** One or two random changes: a read's result altered, or an ok transaction turned into fail or info. */
    static History perturb(History h, SplittableRandom random, boolean listAppend) {
        List<Op> ops = new ArrayList<>(h.ops());
        int changes = 1 + random.nextInt(2);
        for (int c = 0; c < changes; c++) {
            List<Integer> oks = new ArrayList<>();
            for (Op op : ops) if (op.isOk()) oks.add((int) op.index());
            if (oks.isEmpty()) break;
            int i = oks.get(random.nextInt(oks.size()));
            Op op = ops.get(i);
            if (random.nextInt(5) == 0) {
                OpType type = random.nextBoolean() ? OpType.FAIL : OpType.INFO;
                ops.set(i, new Op(i, op.time(), op.process(), type, op.f(), null, TxnHistoryBuilder.blankReads(op.value()), "perturbed"));
                continue;
            }
            List<Object> value = new ArrayList<>((List<?>) op.value());
            List<Integer> reads = new ArrayList<>();
            for (int j = 0; j < value.size(); j++) if (((List<?>) value.get(j)).get(0).equals("r")) reads.add(j);
            if (reads.isEmpty()) continue;
            int j = reads.get(random.nextInt(reads.size()));
            List<?> m = (List<?>) value.get(j);
            Object result = listAppend ? perturbList((List<?>) m.get(2), random, m.get(1), ops) : perturbRegister(m.get(2), random, m.get(1), ops);
            value.set(j, Arrays.asList("r", m.get(1), result));
            ops.set(i, op.withValue(value));
        }
        return History.of(ops);
    }

    private static List<Object> writtenValues(List<Op> ops, Object key) {
        List<Object> out = new ArrayList<>();
        for (Op op : ops) {
            if (!op.isInvoke()) continue;
            for (Object m : (List<?>) op.value()) {
                List<?> l = (List<?>) m;
                if (!l.get(0).equals("r") && l.get(1).equals(key)) out.add(l.get(2));
            }
        }
        return out;
    }

    private static List<Object> perturbList(List<?> read, SplittableRandom random, Object key, List<Op> ops) {
        List<Object> out = new ArrayList<>(read);
        switch (random.nextInt(4)) {
            case 0 -> { if (!out.isEmpty()) out.remove(out.size() - 1); }
            case 1 -> { if (!out.isEmpty()) out.remove(random.nextInt(out.size())); }
            case 2 -> {
                List<Object> written = writtenValues(ops, key);
                out.add(written.isEmpty() || random.nextInt(8) == 0 ? 999L : written.get(random.nextInt(written.size())));
            }
            default -> {
                if (out.size() >= 2) {
                    int a = random.nextInt(out.size()), b = random.nextInt(out.size());
                    Object x = out.get(a);
                    out.set(a, out.get(b));
                    out.set(b, x);
                }
            }
        }
        return out;
    }

    private static Object perturbRegister(Object read, SplittableRandom random, Object key, List<Op> ops) {
        List<Object> written = writtenValues(ops, key);
        int roll = random.nextInt(6);
        if (roll == 0) return null;
        if (roll == 1 || written.isEmpty()) return 999L;
        return written.get(random.nextInt(written.size()));
    }

    /** Serializability from the definition: some order of the committed transactions (info ones optional) reproduces every ok read. */
    static final class BruteForce {
        static boolean serializable(List<Txn> txns, boolean listAppend) {
            List<Txn> candidates = new ArrayList<>();
            for (Txn t : txns) if (!t.failed()) candidates.add(t);
            return search(candidates, new boolean[candidates.size()], new HashMap<>(), listAppend);
        }

        private static boolean search(List<Txn> txns, boolean[] used, Map<Object, Object> state, boolean listAppend) {
            boolean onlyInfoLeft = true;
            for (int i = 0; i < txns.size(); i++) if (!used[i] && txns.get(i).ok()) onlyInfoLeft = false;
            if (onlyInfoLeft) return true;
            for (int i = 0; i < txns.size(); i++) {
                if (used[i]) continue;
                Map<Object, Object> next = apply(txns.get(i), state, listAppend);
                if (next == null) continue;
                used[i] = true;
                boolean ok = search(txns, used, next, listAppend);
                used[i] = false;
                if (ok) return true;
            }
            return false;
        }

        /** The state after t, or null if one of t's reads disagrees. */
        private static Map<Object, Object> apply(Txn t, Map<Object, Object> state, boolean listAppend) {
            Map<Object, Object> s = new HashMap<>(state);
            for (MicroOp m : t.ops()) {
                switch (m.kind()) {
                    case APPEND -> {
                        List<Object> l = new ArrayList<>((List<?>) s.getOrDefault(m.key(), List.of()));
                        l.add(m.value());
                        s.put(m.key(), l);
                    }
                    case WRITE -> s.put(m.key(), m.value());
                    case READ -> {
                        if (!t.ok()) continue;
                        Object current = s.get(m.key());
                        if (listAppend && current == null) current = List.of();
                        if (!Objects.equals(current, m.value())) return null;
                    }
                }
            }
            return s;
        }
    }
}
