package dev.faultline.results;

import dev.faultline.checkers.history.History;
import dev.faultline.checkers.result.CheckResult;
import dev.faultline.checkers.result.Validity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How much of the clients' work the system served: per operation kind ({@code f}), the fraction of
 * client ops that completed {@code ok} among all of them ({@code ok + fail + info}; an op never
 * completed counts as info), separately for ops that overlapped a fault window ({@link FaultWindows})
 * and ops that did not. With a minimum ({@code --min-availability}) a run that served less overall is
 * invalid.
 */
public final class Availability {
    public static final String CHECKER = "availability";

    /** Counts of one group of ops; {@code fraction} is null when the group is empty. */
    public record Counts(long ok, long fail, long info, Double fraction) {
        static Counts of(long ok, long fail, long info) {
            long all = ok + fail + info;
            return new Counts(ok, fail, info, all == 0 ? null : (double) ok / all);
        }

        public long total() {
            return ok + fail + info;
        }
    }

    /** One operation kind: inside and outside fault windows, and both together. */
    public record Row(String f, Counts inside, Counts outside, Counts all) {
    }

    /**
     * The detail written to results.json.
     *
     * @param minimum the required overall fraction, or null if none was asked for
     */
    public record Detail(List<Row> ops, Counts inside, Counts outside, Counts all, Double minimum, int faultWindows) {
    }

    private Availability() {
    }

    /** @param declared the run's declared fault kinds (test.json); null to guess them from op names */
    public static Detail measure(History history, List<FaultKind> declared, Double minimum) {
        OpPairs pairs = OpPairs.of(history);
        FaultWindows faults = FaultWindows.of(history, pairs, declared);
        Map<String, long[]> byF = new LinkedHashMap<>(); // f -> ok,fail,info inside, then ok,fail,info outside
        for (int p = 0; p < pairs.size; p++) {
            if (pairs.nemesis[p]) continue;
            long start = pairs.start[p];
            long end = pairs.end[p] < 0 ? Math.max(start, pairs.endTime) : pairs.end[p];
            boolean inside = false;
            for (FaultWindows.Window w : faults.windows) {
                if (start <= w.end() && end >= w.start()) {
                    inside = true;
                    break;
                }
            }
            int kind = switch (pairs.outcome[p]) {
                case OpPairs.OK -> 0;
                case OpPairs.FAIL -> 1;
                default -> 2;
            };
            byF.computeIfAbsent(pairs.fs.get(pairs.fIndex[p]), k -> new long[6])[(inside ? 0 : 3) + kind]++;
        }
        List<Row> rows = new ArrayList<>();
        long[] sum = new long[6];
        byF.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            long[] c = e.getValue();
            for (int i = 0; i < 6; i++) sum[i] += c[i];
            rows.add(row(e.getKey(), c));
        });
        Row total = row("", sum);
        return new Detail(rows, total.inside(), total.outside(), total.all(), minimum, faults.windows.size());
    }

    private static Row row(String f, long[] c) {
        return new Row(f, Counts.of(c[0], c[1], c[2]), Counts.of(c[3], c[4], c[5]), Counts.of(c[0] + c[3], c[1] + c[4], c[2] + c[5]));
    }

    /** The result: valid, or invalid if {@code minimum} is set and the overall fraction is below it. */
    public static CheckResult check(History history, List<FaultKind> declared, Double minimum) {
        if (minimum != null && !(minimum >= 0 && minimum <= 1)) {
            throw new IllegalArgumentException("--min-availability must be between 0 and 1, was " + minimum);
        }
        Detail d = measure(history, declared, minimum);
        String summary = "served " + percent(d.all()) + " of " + d.all().total() + " client ops (inside fault windows "
                + percent(d.inside()) + ", outside " + percent(d.outside()) + ")";
        Validity v = Validity.VALID;
        if (minimum != null && (d.all().fraction() == null || d.all().fraction() < minimum)) {
            v = Validity.INVALID;
            summary += ", below --min-availability " + minimum;
        }
        return new CheckResult(CHECKER, v, summary, d, List.of());
    }

    static String percent(Counts c) {
        return c.fraction() == null ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * c.fraction());
    }
}
