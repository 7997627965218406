package dev.faultline.results;

import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.Op;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Each node's clock offset over a run, read from the clock nemesis' records: every nemesis
 * completion whose value maps a node to a map with {@code offset-ms} (bump, reset and check of
 * {@code --nemesis clock}) sets that node's offset from then on; one that also has
 * {@code period-ms} and {@code delta-ms} (a strobe) flipped the clock between {@code offset-ms} and
 * {@code offset-ms + delta-ms} from its invocation to its completion. The report plots it under
 * the timeline.
 *
 * @param nodes   the nodes with any record, sorted
 * @param points  per node, its offsets in time order
 * @param strobes every strobe, in time order
 */
record ClockSeries(List<String> nodes, Map<String, List<Point>> points, List<Strobe> strobes) {
    /** From {@code time} (ns since the run began) on, the node's clock ran {@code offsetMs} off. */
    record Point(long time, long offsetMs) {
    }

    /** The node's clock flipped between {@code fromMs} and {@code toMs} from {@code start} to {@code end}. */
    record Strobe(String node, long start, long end, long fromMs, long toMs) {
    }

    static ClockSeries of(History h) {
        Map<String, List<Point>> points = new TreeMap<>();
        List<Strobe> strobes = new ArrayList<>();
        for (int i = 0; i < h.size(); i++) {
            Op op = h.get(i);
            if (!op.isNemesis() || op.isInvoke() || !(op.value() instanceof Map<?, ?> byNode)) continue;
            int inv = h.invocation(i);
            long started = inv < 0 ? op.time() : h.get(inv).time();
            for (Map.Entry<?, ?> e : byNode.entrySet()) {
                if (!(e.getValue() instanceof Map<?, ?> rec) || !(rec.get("offset-ms") instanceof Number offset)) continue;
                String node = String.valueOf(e.getKey());
                points.computeIfAbsent(node, n -> new ArrayList<>()).add(new Point(op.time(), offset.longValue()));
                if (rec.get("period-ms") instanceof Number && rec.get("delta-ms") instanceof Number delta) {
                    strobes.add(new Strobe(node, started, op.time(), offset.longValue(), offset.longValue() + delta.longValue()));
                }
            }
        }
        return new ClockSeries(List.copyOf(points.keySet()), points, strobes);
    }

    static ClockSeries empty() {
        return new ClockSeries(List.of(), Map.of(), List.of());
    }

    boolean isEmpty() {
        return nodes.isEmpty();
    }
}
