package dev.faultline.results;

import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.Op;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The periods during which a fault was in effect, recovered from the nemesis ops: an op that starts
 * a fault up to the op that stops it. A window starts at the opener's invocation and ends at the
 * closer's completion: the fault may have been in effect all that time. Several starts of one kind
 * before its stop are one window naming every start's nodes. Nemesis ops that neither open nor
 * close a window are kept as instant events. Which op does what comes from {@link Rules}: the fault
 * kinds the run's nemeses declared ({@link DeclaredFaultKinds}), or for histories without them a
 * guess from op names ({@link GuessedFaultKinds}).
 */
final class FaultWindows {
    /**
     * @param kind  the fault's label ("partition", "kill", "clock", ...)
     * @param end   nanoseconds, or the history's end if the fault was never stopped
     * @param label which nodes were affected, from the ops' values
     */
    record Window(String kind, long start, long end, String label, boolean healed, int openIndex, int closeIndex) {}

    record Event(String f, long time, String label, int index) {}

    /** What a nemesis op does to the fault windows. */
    interface Rules {
        /**
         * @param f    the op's f
         * @param open the kinds whose windows are open
         */
        Effect effect(String f, Set<String> open);
    }

    /** The open windows an op closes (first) and the kinds it opens (then). */
    record Effect(Set<String> closes, Set<String> opens) {
        static final Effect NONE = new Effect(Set.of(), Set.of());

        boolean none() {
            return closes.isEmpty() && opens.isEmpty();
        }
    }

    final List<Window> windows = new ArrayList<>();
    final List<Event> events = new ArrayList<>();

    /** @param declared the record's fault kinds; null: guess them from op names */
    static FaultWindows of(History h, OpPairs pairs, List<FaultKind> declared) {
        return of(h, pairs, declared == null ? new GuessedFaultKinds() : new DeclaredFaultKinds(declared));
    }

    static FaultWindows of(History h, OpPairs pairs, Rules rules) {
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
            Effect effect = rules.effect(first.f(), java.util.Collections.unmodifiableSet(open.keySet()));
            boolean acted = false;
            for (String kind : effect.closes()) {
                Open o = open.remove(kind);
                if (o == null) continue;
                out.windows.add(new Window(kind, o.start, end, String.join("; ", o.labels), true, o.index, inv));
                acted = true;
            }
            for (String kind : effect.opens()) {
                open.computeIfAbsent(kind, k -> new Open(start, inv)).labels.add(describe(value));
                acted = true;
            }
            if (!acted) out.events.add(new Event(first.f(), start, describe(value), inv));
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

    /**
     * A clock nemesis result ({"delta-ms":…, "offset-ms":…}) as a signed offset; a result that carries
     * its own one-line {"summary":…} (the disk faults) as that; other values as text.
     */
    private static String nodeOutcome(Object v) {
        if (v instanceof Map<?, ?> r) {
            if (r.get("summary") instanceof String summary) return summary;
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
