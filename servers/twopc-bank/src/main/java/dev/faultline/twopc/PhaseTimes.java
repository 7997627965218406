package dev.faultline.twopc;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Cumulative time per named phase (count and total milliseconds), shown under {@code timings} in
 * {@code GET /status}: where a transfer's time goes, measured on the running server.
 */
public final class PhaseTimes {
    private record Sum(LongAdder count, LongAdder nanos) {}

    private final Map<String, Sum> sums = new ConcurrentHashMap<>();

    public void add(String phase, long nanos) {
        Sum s = sums.computeIfAbsent(phase, k -> new Sum(new LongAdder(), new LongAdder()));
        s.count().increment();
        s.nanos().add(nanos);
    }

    /** Phase to {count, totalMs, meanMs}, in phase-name order. */
    public Map<String, Map<String, Object>> snapshot() {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        sums.keySet().stream().sorted().forEach(k -> {
            Sum s = sums.get(k);
            long n = s.count().sum();
            double ms = s.nanos().sum() / 1e6;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("count", n);
            m.put("totalMs", Math.round(ms));
            m.put("meanMs", n == 0 ? 0.0 : Math.round(ms / n * 100) / 100.0);
            out.put(k, m);
        });
        return out;
    }
}
