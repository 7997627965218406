package dev.faultline.nemesis.packet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code tc netem} does to the affected packets.
 *
 * @param delayMs      added one-way delay
 * @param jitterMs     random variation of the delay (± jitter, normal distribution)
 * @param lossPct      percentage of packets dropped
 * @param duplicatePct percentage of packets sent twice
 * @param reorderPct   percentage of packets sent at once instead of delayed (needs a delay)
 */
public record Netem(long delayMs, long jitterMs, double lossPct, double duplicatePct, double reorderPct) {
    public Netem {
        if (delayMs < 0 || delayMs > 60_000) throw new IllegalArgumentException("netem delay-ms must be between 0 and 60000, was " + delayMs);
        if (jitterMs < 0 || jitterMs > delayMs) throw new IllegalArgumentException("netem jitter-ms must be between 0 and delay-ms (" + delayMs + "), was " + jitterMs);
        pct("loss-pct", lossPct);
        pct("duplicate-pct", duplicatePct);
        pct("reorder-pct", reorderPct);
        if (reorderPct > 0 && delayMs == 0) throw new IllegalArgumentException("netem reorder-pct needs a delay (delay-ms > 0): reordering sends some packets without the delay");
        if (delayMs == 0 && lossPct == 0 && duplicatePct == 0) throw new IllegalArgumentException("netem does nothing: set delay-ms, loss-pct or duplicate-pct");
    }

    private static void pct(String name, double v) {
        if (!(v >= 0 && v <= 100)) throw new IllegalArgumentException("netem " + name + " must be between 0 and 100, was " + v);
    }

    /** The netem arguments, e.g. "delay 100ms 20ms distribution normal loss 5% duplicate 1% reorder 10%". */
    public List<String> args() {
        List<String> a = new ArrayList<>();
        if (delayMs > 0) {
            a.add("delay");
            a.add(delayMs + "ms");
            if (jitterMs > 0) {
                a.add(jitterMs + "ms");
                a.add("distribution");
                a.add("normal");
            }
        }
        if (lossPct > 0) a.addAll(List.of("loss", pctText(lossPct)));
        if (duplicatePct > 0) a.addAll(List.of("duplicate", pctText(duplicatePct)));
        if (reorderPct > 0) a.addAll(List.of("reorder", pctText(reorderPct)));
        return a;
    }

    /** True when the only effect is loss (which iptables can do without netem). */
    public boolean lossOnly() {
        return lossPct > 0 && delayMs == 0 && duplicatePct == 0 && reorderPct == 0;
    }

    public String argsText() {
        return String.join(" ", args());
    }

    private static String pctText(double v) {
        return (v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.3f", v)) + "%";
    }

    public Map<String, Object> toValue() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("delay-ms", delayMs);
        m.put("jitter-ms", jitterMs);
        m.put("loss-pct", lossPct);
        m.put("duplicate-pct", duplicatePct);
        m.put("reorder-pct", reorderPct);
        return m;
    }

    public static Netem fromValue(Object value) {
        if (!(value instanceof Map<?, ?> m)) throw new IllegalArgumentException("netem behaviour must be a map such as {\"delay-ms\":100}, got " + value);
        return new Netem(num(m, "delay-ms").longValue(), num(m, "jitter-ms").longValue(),
                num(m, "loss-pct").doubleValue(), num(m, "duplicate-pct").doubleValue(), num(m, "reorder-pct").doubleValue());
    }

    private static Number num(Map<?, ?> m, String key) {
        Object v = m.get(key);
        if (v == null) return 0;
        if (v instanceof Number n) return n;
        throw new IllegalArgumentException("netem " + key + " must be a number, got " + v);
    }
}
