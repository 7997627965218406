package dev.faultline.checkers.bench;

import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.Op;
import dev.faultline.checkers.history.OpType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Reproducible histories of a simulated linearizable store, for benchmarks and tests.
 *
 * <p>Each process runs one op at a time; an op lasts 1-20 ticks (1% last up to 200). Processes
 * pause between ops so that about 8 ops are in flight on average whatever the process count, as
 * with clients of a real system issuing requests at a bounded rate (Jepsen's stagger); with at most
 * 8 processes they run back to back. Every op takes
 * effect at a random point inside its interval, in which order a real register (or one per key)
 * is updated, so the history is linearizable by construction. A fraction of ops end {@code info}:
 * half of them took effect (possibly after the client gave up), half never did; the process then
 * continues under a fresh id, as in Jepsen. Written values are unique; a cas expects the current
 * value 75% of the time and fails otherwise.
 *
 * <p>With {@code anomaly}, one {@code ok} read in the second half returns a stale value: one written
 * by an op that was overwritten, in real time, before the read began. No linearization can explain it.
 */
public final class SyntheticHistories {
    private static final int READ = 0, WRITE = 1, CAS = 2;
    private static final long NIL = Long.MIN_VALUE;
    /** Mean op length in ticks (mostly 1-20, 1% up to 200). */
    private static final double MEAN_LENGTH = 12.5;
    /** Average number of ops in flight. */
    private static final int CONCURRENCY = 8;

    private SyntheticHistories() {}

    /** One cas-register (unkeyed, initially nil): read, write, cas. */
    public static History casRegister(long seed, int processes, int ops, double infoRate, boolean anomaly) {
        return new Simulation(seed, 1, processes, ops, infoRate).run(false, anomaly);
    }

    /** A key-value store (keys "k0".."k{keys-1}", initially absent): get, put, cas; check with the kv model. */
    public static History kv(long seed, int keys, int processes, int ops, double infoRate, boolean anomaly) {
        return new Simulation(seed, keys, processes, ops, infoRate).run(true, anomaly);
    }

    private static final class Simulation {
        final SplittableRandom random;
        final int keys, processes, n;
        final double infoRate;
        // Per op: process id, function, key, interval (ticks), effect point, flags and values.
        final int[] process, f, key;
        final long[] invoke, complete, effect;
        final boolean[] info, effective, ok;
        final long[] arg1, arg2, result;

        Simulation(long seed, int keys, int processes, int ops, double infoRate) {
            this.random = new SplittableRandom(seed);
            this.keys = keys;
            this.processes = processes;
            this.n = ops;
            this.infoRate = infoRate;
            process = new int[n];
            f = new int[n];
            key = new int[n];
            invoke = new long[n];
            complete = new long[n];
            effect = new long[n];
            info = new boolean[n];
            effective = new boolean[n];
            ok = new boolean[n];
            arg1 = new long[n];
            arg2 = new long[n];
            result = new long[n];
        }

        History run(boolean kv, boolean anomaly) {
            schedule();
            execute();
            if (anomaly) injectStaleRead();
            return emit(kv);
        }

        /** Times: invocations at 4t+1, effects at 4t+2, completions at 4t+3, so equal ticks order correctly. */
        private void schedule() {
            // Processes pause between ops so that about CONCURRENCY ops are in flight on average
            // whatever the process count, like clients of a real system running at a bounded rate.
            long think = Math.max(2, Math.round(MEAN_LENGTH * 2 * ((double) processes / CONCURRENCY - 1)));
            long[] free = new long[processes];
            int[] id = new int[processes];
            for (int w = 0; w < processes; w++) id[w] = w;
            for (int i = 0; i < n; i++) {
                int w = 0;
                for (int v = 1; v < processes; v++) if (free[v] < free[w]) w = v;
                long start = free[w] + 1 + random.nextLong(think + 1);
                long length = random.nextInt(100) == 0 ? 1 + random.nextInt(200) : 1 + random.nextInt(20);
                int roll = random.nextInt(4);
                f[i] = roll < 2 ? READ : roll == 2 ? WRITE : CAS;
                key[i] = random.nextInt(keys);
                process[i] = id[w];
                invoke[i] = start;
                complete[i] = start + length;
                info[i] = random.nextDouble() < infoRate;
                effective[i] = !info[i] || random.nextBoolean();
                // An info op may take effect after its client gave up.
                effect[i] = start + random.nextLong((info[i] ? 3 * length : length) + 1);
                free[w] = complete[i];
                if (info[i]) id[w] += processes;
            }
        }

        /** Runs invocations and effects in time order against one register per key. */
        private void execute() {
            long[] events = new long[2 * n];
            for (int i = 0; i < n; i++) {
                events[2 * i] = ((4 * invoke[i] + 1) << 22) | ((long) i << 1);
                events[2 * i + 1] = ((4 * effect[i] + 2) << 22) | ((long) i << 1) | 1;
            }
            Arrays.sort(events);
            long[] current = new long[keys];
            Arrays.fill(current, NIL);
            long counter = 0;
            for (long e : events) {
                int i = (int) ((e >>> 1) & ((1 << 21) - 1));
                int k = key[i];
                if ((e & 1) == 0) { // invocation: choose arguments
                    if (f[i] == WRITE) arg1[i] = ++counter;
                    if (f[i] == CAS) {
                        arg1[i] = random.nextInt(4) < 3 ? current[k] : counter - random.nextInt(3);
                        arg2[i] = ++counter;
                    }
                    continue;
                }
                if (!effective[i]) continue;
                switch (f[i]) {
                    case READ -> {
                        result[i] = current[k];
                        ok[i] = true;
                    }
                    case WRITE -> {
                        current[k] = arg1[i];
                        ok[i] = true;
                    }
                    default -> {
                        ok[i] = current[k] == arg1[i];
                        if (ok[i]) current[k] = arg2[i];
                    }
                }
            }
        }

        /** Makes one ok read in the second half return a value overwritten before it began. */
        private void injectStaleRead() {
            for (int r = n / 2; r < n; r++) {
                if (f[r] != READ || info[r] || !ok[r]) continue;
                // w2: the ok write to this key invoked last among those completed before r began.
                int w2 = -1;
                for (int j = 0; j < n; j++) {
                    if (f[j] == WRITE && ok[j] && !info[j] && key[j] == key[r] && complete[j] < invoke[r]
                            && (w2 < 0 || invoke[j] > invoke[w2])) w2 = j;
                }
                if (w2 < 0) continue;
                // w: an ok write to this key completed before w2 began; its value is gone by then.
                int w = -1;
                for (int j = 0; j < n; j++) {
                    if (f[j] == WRITE && ok[j] && !info[j] && key[j] == key[r] && complete[j] < invoke[w2]
                            && (w < 0 || complete[j] > complete[w])) w = j;
                }
                if (w < 0 || arg1[w] == result[r]) continue;
                result[r] = arg1[w];
                return;
            }
            throw new IllegalStateException("no read suits a stale-read anomaly; use more ops");
        }

        private History emit(boolean kv) {
            long[] events = new long[2 * n];
            for (int i = 0; i < n; i++) {
                events[2 * i] = ((4 * invoke[i] + 1) << 22) | ((long) i << 1);
                events[2 * i + 1] = ((4 * complete[i] + 3) << 22) | ((long) i << 1) | 1;
            }
            Arrays.sort(events);
            List<Op> ops = new ArrayList<>(2 * n);
            for (long e : events) {
                int i = (int) ((e >>> 1) & ((1 << 21) - 1));
                long time = (e >>> 22) * 250_000L; // a tick is a millisecond
                String name = switch (f[i]) {
                    case READ -> kv ? "get" : "read";
                    case WRITE -> kv ? "put" : "write";
                    default -> "cas";
                };
                Object argument = switch (f[i]) {
                    case READ -> null;
                    case WRITE -> arg1[i];
                    default -> Arrays.asList(value(arg1[i]), arg2[i]);
                };
                String k = kv ? "k" + key[i] : null;
                if ((e & 1) == 0) {
                    ops.add(new Op(-1, time, process[i], OpType.INVOKE, name, k, argument, null));
                } else if (info[i]) {
                    ops.add(new Op(-1, time, process[i], OpType.INFO, name, k, argument, "timeout"));
                } else if (!ok[i]) {
                    ops.add(new Op(-1, time, process[i], OpType.FAIL, name, k, argument, "cas mismatch"));
                } else {
                    ops.add(new Op(-1, time, process[i], OpType.OK, name, k, f[i] == READ ? value(result[i]) : argument, null));
                }
            }
            return History.of(ops);
        }

        private static Object value(long v) {
            return v == NIL ? null : v;
        }
    }
}
