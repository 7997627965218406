package dev.faultline.results;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** Latency quantiles per f (of ok ops) and outcome counts, from HdrHistogram. */
final class LatencyStats {
    /** @param f null for the row over all fs; quantiles in nanoseconds */
    record Row(String f, long ok, long fail, long info, long open, long p50, long p95, long p99, long max) {}

    private LatencyStats() {}

    static List<Row> of(OpPairs p) {
        Map<Integer, Histogram> ok = new LinkedHashMap<>();
        Map<Integer, long[]> counts = new LinkedHashMap<>();
        Histogram all = new Histogram(3);
        long[] allCounts = new long[4];
        for (int i = 0; i < p.size; i++) {
            if (p.nemesis[i]) continue;
            counts.computeIfAbsent(p.fIndex[i], k -> new long[4])[p.outcome[i]]++;
            allCounts[p.outcome[i]]++;
            if (p.outcome[i] == OpPairs.OK) {
                long lat = Math.max(1, p.latency(i));
                ok.computeIfAbsent(p.fIndex[i], k -> new Histogram(3)).recordValue(lat);
                all.recordValue(lat);
            }
        }
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<Integer, long[]> e : counts.entrySet()) {
            rows.add(row(p.fs.get(e.getKey()), e.getValue(), ok.get(e.getKey())));
        }
        rows.sort(java.util.Comparator.comparing(Row::f));
        if (rows.size() > 1) rows.add(row(null, allCounts, all));
        return rows;
    }

    private static Row row(String f, long[] c, Histogram h) {
        if (h == null || h.getTotalCount() == 0) return new Row(f, c[0], c[1], c[2], c[3], 0, 0, 0, 0);
        return new Row(f, c[0], c[1], c[2], c[3], h.getValueAtPercentile(50), h.getValueAtPercentile(95),
                h.getValueAtPercentile(99), h.getMaxValue());
    }
}
