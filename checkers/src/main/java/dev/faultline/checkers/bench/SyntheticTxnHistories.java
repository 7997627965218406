package dev.faultline.checkers.bench;

import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.Op;
import dev.faultline.checkers.history.OpType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Reproducible transactional histories of a simulated strictly serializable store, for benchmarks
 * and tests (list-append or rw-register, as Jepsen's Elle workloads generate them).
 *
 * <p>Processes run one transaction at a time, each lasting 1-20 ticks; every transaction takes
 * effect atomically at a random point inside its interval, in which order a real store is updated,
 * so the history is strict serializable by construction. A transaction has 1 to
 * {@code maxOps} micro-ops on a pool of {@code activeKeys} keys; a key retires after
 * {@code writesPerKey} writes and a fresh key replaces it (so lists stay short, as in Jepsen).
 * Written values are unique per key. A fraction of transactions fail (no effect) or end
 * {@code info} (half of those took effect, possibly after the client gave up; the process then
 * continues under a fresh id).
 *
 * <p>With {@code anomaly}, one committed read in the second half is made to miss a write of a
 * transaction whose other write it saw (read skew: a G-single cycle).
 */
public final class SyntheticTxnHistories {
    private SyntheticTxnHistories() {}

    /** What to generate. */
    public record Shape(boolean listAppend, int txns, int processes, int activeKeys, int maxOps, int writesPerKey,
                        double failRate, double infoRate, boolean finalRead) {}

    public static History listAppend(long seed, int txns, int processes, boolean anomaly) {
        return listAppend(seed, txns, processes, 10, anomaly);
    }

    public static History listAppend(long seed, int txns, int processes, int activeKeys, boolean anomaly) {
        return generate(seed, new Shape(true, txns, processes, activeKeys, 4, 32, 0.02, 0.02, false), anomaly);
    }

    public static History generate(long seed, Shape shape, boolean anomaly) {
        return new Simulation(seed, shape).run(anomaly);
    }

    /**
     * A store without isolation: in a fraction {@code rate} of the ok transactions, each non-empty
     * read is cut, with probability 1/2, to a random shorter prefix. Gives many anomalies and large
     * strongly connected components, the hard case for cycle search.
     */
    public static History cutReads(History history, double rate, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Op> ops = new ArrayList<>(history.size());
        for (Op op : history) {
            if (op.isOk() && random.nextDouble() < rate) {
                List<Object> value = new ArrayList<>();
                for (Object m : (List<?>) op.value()) {
                    List<?> l = (List<?>) m;
                    if (l.get(0).equals("r") && l.get(2) instanceof List<?> read && !read.isEmpty() && random.nextBoolean()) {
                        value.add(Arrays.asList("r", l.get(1), List.copyOf(read.subList(0, random.nextInt(read.size())))));
                    } else {
                        value.add(m);
                    }
                }
                op = op.withValue(value);
            }
            ops.add(op);
        }
        return History.of(ops);
    }

    private static final class Simulation {
        final SplittableRandom random;
        final Shape s;
        final int n;
        final int[] process;
        final long[] invoke, complete, effect;
        final OpType[] outcome;
        final boolean[] effective;
        final List<List<List<Object>>> value = new ArrayList<>();

        Simulation(long seed, Shape shape) {
            random = new SplittableRandom(seed);
            s = shape;
            n = shape.txns() + (shape.finalRead() ? 1 : 0);
            process = new int[n];
            invoke = new long[n];
            complete = new long[n];
            effect = new long[n];
            outcome = new OpType[n];
            effective = new boolean[n];
        }

        History run(boolean anomaly) {
            schedule();
            execute();
            if (anomaly) injectReadSkew();
            return emit();
        }

        private void schedule() {
            long[] free = new long[s.processes()];
            int[] id = new int[s.processes()];
            for (int w = 0; w < s.processes(); w++) id[w] = w;
            long end = 0;
            for (int i = 0; i < s.txns(); i++) {
                int w = 0;
                for (int v = 1; v < s.processes(); v++) if (free[v] < free[w]) w = v;
                long start = free[w] + 1 + random.nextInt(3);
                long length = 1 + random.nextInt(20);
                process[i] = id[w];
                invoke[i] = start;
                complete[i] = start + length;
                double roll = random.nextDouble();
                outcome[i] = roll < s.failRate() ? OpType.FAIL : roll < s.failRate() + s.infoRate() ? OpType.INFO : OpType.OK;
                effective[i] = outcome[i] == OpType.OK || (outcome[i] == OpType.INFO && random.nextBoolean());
                effect[i] = start + random.nextLong((outcome[i] == OpType.INFO ? 3 * length : length) + 1);
                free[w] = complete[i];
                end = Math.max(end, outcome[i] == OpType.INFO ? effect[i] : complete[i]);
                if (outcome[i] == OpType.INFO) id[w] += s.processes();
            }
            if (s.finalRead()) {
                int f = n - 1;
                process[f] = Arrays.stream(id).max().orElse(0) + 1;
                invoke[f] = end + 1;
                effect[f] = end + 2;
                complete[f] = end + 3;
                outcome[f] = OpType.OK;
                effective[f] = true;
            }
        }

        /** Chooses each transaction's micro-ops at its effect point and applies them, in effect order. */
        private void execute() {
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
                value.add(null);
            }
            Arrays.sort(order, (a, b) -> effect[a] != effect[b] ? Long.compare(effect[a], effect[b]) : Integer.compare(a, b));
            Map<Long, List<Object>> lists = new HashMap<>();
            Map<Long, Long> registers = new HashMap<>();
            Map<Long, Integer> writes = new HashMap<>();
            long[] active = new long[s.activeKeys()];
            for (int k = 0; k < active.length; k++) active[k] = k;
            long nextKey = active.length;
            long nextValue = 1;
            for (int i : order) {
                List<List<Object>> ops = new ArrayList<>();
                if (s.finalRead() && i == n - 1) {
                    for (long k = 0; k < nextKey; k++) ops.add(s.listAppend() ? read(k, List.copyOf(lists.getOrDefault(k, List.of()))) : read(k, registers.get(k)));
                    value.set(i, ops);
                    continue;
                }
                int count = 1 + random.nextInt(s.maxOps());
                for (int j = 0; j < count; j++) {
                    int slot = random.nextInt(active.length);
                    long k = active[slot];
                    if (random.nextBoolean()) {
                        ops.add(s.listAppend() ? read(k, effective[i] ? List.copyOf(lists.getOrDefault(k, List.of())) : null)
                                : read(k, effective[i] ? registers.get(k) : null));
                        continue;
                    }
                    long v = nextValue++;
                    ops.add(Arrays.asList(s.listAppend() ? "append" : "w", k, v));
                    if (effective[i]) {
                        if (s.listAppend()) lists.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
                        else registers.put(k, v);
                    }
                    if (writes.merge(k, 1, Integer::sum) >= s.writesPerKey()) active[slot] = nextKey++;
                }
                value.set(i, ops);
            }
        }

        private static List<Object> read(long k, Object v) {
            return Arrays.asList("r", k, v);
        }

        /** Finds W that appended to keys x and y, and a later T whose reads include both; cuts W's element (and later ones) from T's read of y. */
        private void injectReadSkew() {
            if (!s.listAppend()) throw new IllegalArgumentException("anomaly injection is implemented for list-append");
            Map<List<Long>, Integer> writerOf = new HashMap<>(); // [key, value] -> txn
            for (int i = 0; i < n; i++) {
                if (outcome[i] != OpType.OK) continue;
                for (List<Object> m : value.get(i)) if (m.get(0).equals("append")) writerOf.put(List.of((Long) m.get(1), (Long) m.get(2)), i);
            }
            for (int t = n / 2; t < n; t++) {
                if (outcome[t] != OpType.OK) continue;
                List<List<Object>> ops = value.get(t);
                for (int a = 0; a < ops.size(); a++) {
                    if (!ops.get(a).get(0).equals("r") || firstWrite(t, ops.get(a).get(1)) < a) continue;
                    for (Object v : (List<?>) ops.get(a).get(2)) {
                        Integer w = writerOf.get(List.of((Long) ops.get(a).get(1), (Long) v));
                        if (w == null || w == t) continue;
                        for (int b = 0; b < ops.size(); b++) {
                            if (b == a || !ops.get(b).get(0).equals("r") || ops.get(b).get(1).equals(ops.get(a).get(1)) || firstWrite(t, ops.get(b).get(1)) < b) continue;
                            List<?> read = (List<?>) ops.get(b).get(2);
                            for (int p = 0; p < read.size(); p++) {
                                if (!Integer.valueOf(w).equals(writerOf.get(List.of((Long) ops.get(b).get(1), (Long) read.get(p))))) continue;
                                ops.set(b, read(((Long) ops.get(b).get(1)), List.copyOf(read.subList(0, p))));
                                return;
                            }
                        }
                    }
                }
            }
            throw new IllegalStateException("no transaction suits a read-skew anomaly; use more transactions");
        }

        private int firstWrite(int t, Object key) {
            List<List<Object>> ops = value.get(t);
            for (int j = 0; j < ops.size(); j++) if (!ops.get(j).get(0).equals("r") && ops.get(j).get(1).equals(key)) return j;
            return Integer.MAX_VALUE;
        }

        private History emit() {
            long[] events = new long[2 * n];
            for (int i = 0; i < n; i++) {
                events[2 * i] = ((4 * invoke[i] + 1) << 22) | ((long) i << 1);
                events[2 * i + 1] = ((4 * complete[i] + 3) << 22) | ((long) i << 1) | 1;
            }
            Arrays.sort(events);
            List<Op> ops = new ArrayList<>(2 * n);
            for (long e : events) {
                int i = (int) ((e >>> 1) & ((1 << 21) - 1));
                long time = (e >>> 22) * 250_000L;
                List<Object> blank = new ArrayList<>();
                for (List<Object> m : value.get(i)) blank.add(m.get(0).equals("r") ? read((Long) m.get(1), null) : m);
                if ((e & 1) == 0) ops.add(new Op(-1, time, process[i], OpType.INVOKE, "txn", null, blank, null));
                else if (outcome[i] == OpType.OK) ops.add(new Op(-1, time, process[i], OpType.OK, "txn", null, value.get(i), null));
                else ops.add(new Op(-1, time, process[i], outcome[i], "txn", null, blank, outcome[i] == OpType.INFO ? "timeout" : "aborted"));
            }
            return History.of(ops);
        }
    }
}
