package dev.faultline.results;

import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.Op;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The periods during which a fault was in effect, recovered from the nemesis ops: an opening op
 * ({@code start-partition}, {@code kill}, {@code pause}, ...) up to the op that ends it
 * ({@code stop-partition}, {@code restart}, {@code resume}, ...). A window starts at the opener's
 * invocation and ends at the closer's completion: the fault may have been in effect all that time.
 * Nemesis ops that neither open nor close a window are kept as instant events.
 */
final class FaultWindows {
    /**
     * @param kind  the fault family ("partition", "kill", "pause", "clock", or the f of a start-X op)
     * @param end   nanoseconds, or the history's end if the fault was never stopped
     * @param label which nodes were affected, from the ops' values
     */
    record Window(String kind, long start, long end, String label, boolean healed, int openIndex, int closeIndex) {}

    record Event(String f, long time, String label, int index) {}

    private static final Map<String, String> OPENERS = Map.ofEntries(
            Map.entry("partition", "partition"), Map.entry("kill", "kill"), Map.entry("crash", "kill"),
            Map.entry("pause", "pause"), Map.entry("stop-process", "kill"), Map.entry("skew", "clock"),
            Map.entry("bump", "clock"), Map.entry("bump-clock", "clock"), Map.entry("skew-clock", "clock"),
            Map.entry("strobe", "clock"), Map.entry("strobe-clock", "clock"), Map.entry("clock", "clock"),
            Map.entry("delay", "packet"), Map.entry("start", "fault"), Map.entry("loss", "packet"), Map.entry("netem", "packet"));
    private static final Map<String, String> CLOSERS = Map.ofEntries(
            Map.entry("heal", "partition"), Map.entry("restart", "kill"), Map.entry("start-process", "kill"),
            Map.entry("recover", "kill"), Map.entry("resume", "pause"), Map.entry("reset-clock", "clock"),
            Map.entry("reset", "clock"), Map.entry("stop", "fault"), Map.entry("unskew", "clock"), Map.entry("clear-netem", "packet"));

    final List<Window> windows = new ArrayList<>();
    final List<Event> events = new ArrayList<>();

    static FaultWindows of(History h, OpPairs pairs) {
        FaultWindows out = new FaultWindows();
        Map<String, Open> open = new LinkedHashMap<>();
        for (int p = 0; p < pairs.size; p++) {
            if (!pairs.nemesis[p]) continue;
            int inv = pairs.invokeIndex[p];
            Op first = h.get(inv);
            int c = pairs.completionIndex[p];
            Op what = c >= 0 ? h.get(c) : first; // the completion says what was actually done
            Object value = what.value() != null ? what.value() : first.value();
            long start = pairs.start[p];
            long end = pairs.end[p] < 0 ? start : pairs.end[p];
            String f = first.f().toLowerCase(Locale.ROOT);
            String opens = opens(f);
            String closes = opens == null ? closes(f) : null;
            if (f.equals("start") && open.containsKey("kill")) { // the process nemesis recovers a kill with "start"
                opens = null;
                closes = "kill";
            }
            if (opens != null) {
                Open o = open.computeIfAbsent(opens, k -> new Open(start, inv));
                o.labels.add(describe(value));
            } else if (closes != null && open.containsKey(closes)) {
                Open o = open.remove(closes);
                out.windows.add(new Window(closes, o.start, end, String.join("; ", o.labels), true, o.index, inv));
            } else {
                out.events.add(new Event(first.f(), start, describe(value), inv));
            }
        }
        for (Map.Entry<String, Open> e : open.entrySet()) {
            Open o = e.getValue();
            out.windows.add(new Window(e.getKey(), o.start, Math.max(o.start, pairs.endTime), String.join("; ", o.labels), false, o.index, -1));
        }
        out.windows.sort(java.util.Comparator.comparingLong(Window::start));
        return out;
    }

    private static final class Open {
        final long start;
        final int index;
        final Set<String> labels = new java.util.LinkedHashSet<>();

        Open(long start, int index) {
            this.start = start;
            this.index = index;
        }
    }

    static String opens(String f) {
        if (OPENERS.containsKey(f)) return OPENERS.get(f);
        if (f.startsWith("start-")) return kind(f.substring(6));
        if (f.endsWith("-start")) return kind(f.substring(0, f.length() - 6));
        return null;
    }

    static String closes(String f) {
        if (CLOSERS.containsKey(f)) return CLOSERS.get(f);
        if (f.startsWith("stop-")) return kind(f.substring(5));
        if (f.endsWith("-stop")) return kind(f.substring(0, f.length() - 5));
        if (f.startsWith("heal-")) return kind(f.substring(5));
        return null;
    }

    private static String kind(String name) {
        if (OPENERS.containsKey(name)) return OPENERS.get(name);
        if (name.startsWith("partition")) return "partition";
        if (name.contains("clock") || name.contains("skew")) return "clock";
        return name;
    }

    /**
     * Which nodes a nemesis value names, in words. Partition grudges ({@code {n1:[n3,n4], ...}}) become
     * the sides of the split when they form one ("n1,n2 | n3,n4"), otherwise "n1 ↛ n3,n4".
     */
    static String describe(Object value) {
        if (value == null) return "";
        if (value instanceof Map<?, ?> m && !m.isEmpty()) {
            if (m.values().stream().allMatch(v -> v instanceof Collection<?>)) return grudge(m);
            // per-node results: nodes with the same outcome together ("n1,n3 killed", "n2 +5000 ms")
            Map<String, List<String>> byOutcome = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                byOutcome.computeIfAbsent(nodeOutcome(e.getValue()), k -> new ArrayList<>()).add(String.valueOf(e.getKey()));
            }
            List<String> parts = new ArrayList<>();
            byOutcome.forEach((outcome, nodes) -> parts.add(String.join(",", nodes) + (outcome.isEmpty() ? "" : " " + outcome)));
            return String.join("; ", parts);
        }
        if (value instanceof Collection<?> c) {
            List<String> parts = new ArrayList<>();
            for (Object o : c) parts.add(o instanceof Collection<?> inner ? String.join(",", strings(inner)) : scalar(o));
            return String.join(c.stream().anyMatch(o -> o instanceof Collection<?>) ? " | " : ", ", parts);
        }
        return scalar(value);
    }

    /** A clock nemesis result ({"delta-ms":…, "offset-ms":…}) as a signed offset; other values as text. */
    private static String nodeOutcome(Object v) {
        if (v instanceof Map<?, ?> r) {
            Object offset = r.containsKey("offset-ms") ? r.get("offset-ms") : r.get("delta-ms");
            if (offset instanceof Number n) {
                String signed = (n.longValue() >= 0 ? "+" : "") + n.longValue() + " ms";
                return r.containsKey("period-ms") ? "strobe ±" + r.get("delta-ms") + " ms every " + r.get("period-ms") + " ms" : signed;
            }
        }
        return scalar(v);
    }

    private static String grudge(Map<?, ?> m) {
        // Group nodes by the set they drop; a clean split is groups that each drop exactly the others.
        Map<Set<String>, Set<String>> byDropped = new LinkedHashMap<>();
        Set<String> all = new TreeSet<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            Set<String> dropped = new TreeSet<>(strings((Collection<?>) e.getValue()));
            byDropped.computeIfAbsent(dropped, k -> new TreeSet<>()).add(String.valueOf(e.getKey()));
            all.add(String.valueOf(e.getKey()));
            all.addAll(dropped);
        }
        boolean clean = true;
        for (Map.Entry<Set<String>, Set<String>> g : byDropped.entrySet()) {
            Set<String> rest = new TreeSet<>(all);
            rest.removeAll(g.getValue());
            if (!rest.equals(g.getKey())) clean = false;
        }
        if (clean && byDropped.size() > 1) {
            List<String> sides = new ArrayList<>();
            for (Set<String> side : byDropped.values()) sides.add(String.join(",", side));
            java.util.Collections.sort(sides);
            return String.join(" | ", sides);
        }
        Map<String, String> lines = new TreeMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            List<String> d = strings((Collection<?>) e.getValue());
            if (!d.isEmpty()) lines.put(String.valueOf(e.getKey()), String.join(",", d));
        }
        List<String> parts = new ArrayList<>();
        lines.forEach((k, v) -> parts.add(k + " ↛ " + v));
        return parts.isEmpty() ? "no links cut" : String.join("; ", parts);
    }

    private static List<String> strings(Collection<?> c) {
        List<String> out = new ArrayList<>();
        for (Object o : c) out.add(String.valueOf(o));
        return out;
    }

    private static String scalar(Object o) {
        if (o instanceof Map<?, ?> || o instanceof Collection<?>) {
            try {
                return Json.mapper().writeValueAsString(o);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                return String.valueOf(o);
            }
        }
        return String.valueOf(o);
    }
}
