package dev.faultline.results;

import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.Op;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The history as operations (invocation joined with its completion), in columns, in invocation
 * order. Times are nanoseconds; when the history has no times, the op index stands in for time.
 */
final class OpPairs {
    static final int OK = 0;
    static final int FAIL = 1;
    static final int INFO = 2;
    /** Invoked, never completed. */
    static final int OPEN = 3;

    final int size;
    final int[] invokeIndex;
    final int[] completionIndex;
    final int[] process;
    final long[] start;
    final long[] end;
    final int[] outcome;
    final int[] fIndex;
    final boolean[] nemesis;
    final List<String> fs;
    /** False when the history carried no times and ops are placed by index. */
    final boolean realTime;
    final long endTime;

    private OpPairs(int n, boolean realTime) {
        size = n;
        invokeIndex = new int[n];
        completionIndex = new int[n];
        process = new int[n];
        start = new long[n];
        end = new long[n];
        outcome = new int[n];
        fIndex = new int[n];
        nemesis = new boolean[n];
        fs = new ArrayList<>();
        this.realTime = realTime;
        endTime = 0;
    }

    private OpPairs(OpPairs b, int n, long endTime) {
        size = n;
        invokeIndex = java.util.Arrays.copyOf(b.invokeIndex, n);
        completionIndex = java.util.Arrays.copyOf(b.completionIndex, n);
        process = java.util.Arrays.copyOf(b.process, n);
        start = java.util.Arrays.copyOf(b.start, n);
        end = java.util.Arrays.copyOf(b.end, n);
        outcome = java.util.Arrays.copyOf(b.outcome, n);
        fIndex = java.util.Arrays.copyOf(b.fIndex, n);
        nemesis = java.util.Arrays.copyOf(b.nemesis, n);
        fs = b.fs;
        realTime = b.realTime;
        this.endTime = endTime;
    }

    static OpPairs of(History h) {
        boolean realTime = true;
        for (Op op : h) {
            if (op.time() < 0) {
                realTime = false;
                break;
            }
        }
        OpPairs b = new OpPairs(h.size(), realTime);
        Map<String, Integer> fIds = new LinkedHashMap<>();
        int n = 0;
        long last = 0;
        for (int i = 0; i < h.size(); i++) {
            Op op = h.get(i);
            long t = time(op, i, realTime);
            last = Math.max(last, t);
            boolean standalone = !op.isInvoke() && h.invocation(i) < 0; // nemesis records with no invocation
            if (!op.isInvoke() && !standalone) continue;
            int c = op.isInvoke() ? h.completion(i) : i;
            b.invokeIndex[n] = i;
            b.completionIndex[n] = op.isInvoke() ? c : -1;
            b.process[n] = op.process();
            b.start[n] = t;
            b.nemesis[n] = op.isNemesis();
            b.fIndex[n] = fIds.computeIfAbsent(op.f(), k -> fIds.size());
            if (c < 0) {
                b.end[n] = -1;
                b.outcome[n] = OPEN;
            } else {
                Op done = h.get(c);
                b.end[n] = Math.max(t, time(done, c, realTime));
                b.outcome[n] = switch (done.type()) {
                    case OK -> OK;
                    case FAIL -> FAIL;
                    default -> INFO;
                };
            }
            n++;
        }
        b.fs.addAll(fIds.keySet());
        return new OpPairs(b, n, last);
    }

    private static long time(Op op, int index, boolean realTime) {
        return realTime ? op.time() : index * 1_000L;
    }

    long latency(int i) {
        return end[i] < 0 ? -1 : end[i] - start[i];
    }
}
