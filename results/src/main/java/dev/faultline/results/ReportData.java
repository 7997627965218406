package dev.faultline.results;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.Op;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The data the report's scripts draw, as one compact JSON document embedded in the page.
 *
 * <p>Sizes stay bounded for huge histories: the timeline gets every op in delta-encoded columns
 * (a few bytes per op) and pages through them in the browser; the latency scatter keeps at most
 * one point per (f, outcome, pixel cell) of a fixed grid; throughput is bucketed. Per-op text
 * (key, value, error) is included only up to {@link #DETAIL_LIMIT} ops. Times are microseconds.
 */
final class ReportData {
    static final int DETAIL_LIMIT = 100_000;
    /** Below this many points the latency plot is exact. */
    static final int EXACT_LATENCY_POINTS = 20_000;
    static final int GRID_X = 900;
    static final int GRID_Y = 120;
    /** Separate lanes per process up to this many processes; beyond, processes share packed lanes. */
    static final int MAX_PROCESS_LANES = 64;

    private ReportData() {}

    static String json(History h, OpPairs pairs, FaultWindows faults, List<BankSeries> bank) {
        return json(h, pairs, faults, bank, ClockSeries.empty());
    }

    static String json(History h, OpPairs pairs, FaultWindows faults, List<BankSeries> bank, ClockSeries clocks) {
        StringWriter w = new StringWriter(Math.max(1 << 16, pairs.size * 24));
        try (JsonGenerator g = Json.mapper().getFactory().createGenerator(w)) {
            g.writeStartObject();
            g.writeBooleanField("realTime", pairs.realTime);
            g.writeFieldName("end");
            num(g, us(pairs.endTime));
            g.writeNumberField("historySize", h.size());
            g.writeArrayFieldStart("fs");
            for (String f : pairs.fs) g.writeString(f);
            g.writeEndArray();
            Lanes lanes = Lanes.of(pairs);
            g.writeArrayFieldStart("lanes");
            for (String l : lanes.labels) g.writeString(l);
            g.writeEndArray();
            writeOps(g, h, pairs, lanes);
            writeFaults(g, faults);
            writeLatency(g, pairs);
            writeRate(g, pairs);
            g.writeArrayFieldStart("bank");
            for (BankSeries s : bank) {
                g.writeStartObject();
                g.writeStringField("name", s.name());
                if (s.expected() != null) g.writeNumberField("expected", s.expected());
                g.writeArrayFieldStart("t");
                for (long t : s.times()) num(g, us(t));
                g.writeEndArray();
                g.writeArrayFieldStart("v");
                for (double v : s.values()) num(g, v);
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            writeClocks(g, clocks);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /** Per node: offset steps (t in µs, v in ms); strobes as [node, start, end, from, to]. */
    private static void writeClocks(JsonGenerator g, ClockSeries clocks) throws IOException {
        g.writeObjectFieldStart("clocks");
        g.writeArrayFieldStart("nodes");
        for (String n : clocks.nodes()) {
            g.writeStartObject();
            g.writeStringField("node", n);
            g.writeArrayFieldStart("t");
            for (ClockSeries.Point p : clocks.points().get(n)) num(g, us(p.time()));
            g.writeEndArray();
            g.writeArrayFieldStart("v");
            for (ClockSeries.Point p : clocks.points().get(n)) g.writeNumber(p.offsetMs());
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("strobes");
        for (ClockSeries.Strobe s : clocks.strobes()) {
            g.writeStartArray();
            g.writeNumber(clocks.nodes().indexOf(s.node()));
            num(g, us(s.start()));
            num(g, us(s.end()));
            g.writeNumber(s.fromMs());
            g.writeNumber(s.toMs());
            g.writeEndArray();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** Integral values without a fraction, others rounded to 0.1: keeps the page small. */
    static void num(JsonGenerator g, double v) throws IOException {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) g.writeNumber((long) v);
        else g.writeNumber(Math.round(v * 10) / 10.0);
    }

    /** Nanoseconds to microseconds, keeping sub-microsecond precision only where it is short. */
    static double us(long ns) {
        return ns < 0 ? -1 : ns % 1000 == 0 ? ns / 1000 : Math.round(ns / 100.0) / 10.0;
    }

    /** Time in whole microseconds (the page's unit). */
    static long tick(long ns) {
        return Math.round(ns / 1000.0);
    }

    /**
     * Every op as 7 varints, in invocation order: lane, start (delta from the previous op's start),
     * duration (-1 if never completed), f*4+outcome, invocation index (delta from the previous op's),
     * completion index minus invocation index (0 if none), process minus the previous process on
     * the same lane (0 but after a worker took a fresh process).
     */
    private static void writeOps(JsonGenerator g, History h, OpPairs p, Lanes lanes) throws IOException {
        Varints v = new Varints(p.size * 9);
        long prevStart = 0;
        int prevIndex = 0;
        Map<Integer, Integer> lastProcess = new HashMap<>();
        for (int i = 0; i < p.size; i++) {
            long st = tick(p.start[i]);
            v.add(lanes.laneOf[i]);
            v.add(st - prevStart);
            v.add(p.end[i] < 0 ? -1 : tick(p.end[i]) - st);
            v.add(p.fIndex[i] * 4L + p.outcome[i]);
            v.add(p.invokeIndex[i] - prevIndex);
            v.add(p.completionIndex[i] < 0 ? 0 : p.completionIndex[i] - p.invokeIndex[i]);
            Integer last = lastProcess.put(lanes.laneOf[i], p.process[i]);
            v.add(p.process[i] - (last == null ? 0 : last));
            prevStart = st;
            prevIndex = p.invokeIndex[i];
        }
        g.writeObjectFieldStart("ops");
        g.writeNumberField("n", p.size);
        g.writeStringField("bin", v.base64());
        if (p.size <= DETAIL_LIMIT) {
            g.writeArrayFieldStart("x");
            for (int i = 0; i < p.size; i++) g.writeString(OpText.pair(h, p.invokeIndex[i], p.completionIndex[i]));
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static void writeFaults(JsonGenerator g, FaultWindows faults) throws IOException {
        g.writeArrayFieldStart("faults");
        for (FaultWindows.Window w : faults.windows) {
            g.writeStartObject();
            g.writeStringField("kind", w.kind());
            g.writeFieldName("s");
            num(g, us(w.start()));
            g.writeFieldName("e");
            num(g, us(w.end()));
            g.writeStringField("label", w.label());
            g.writeBooleanField("healed", w.healed());
            g.writeNumberField("open", w.openIndex());
            g.writeNumberField("close", w.closeIndex());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("events");
        for (FaultWindows.Event e : faults.events) {
            g.writeStartObject();
            g.writeStringField("f", e.f());
            g.writeFieldName("t");
            num(g, us(e.time()));
            g.writeStringField("label", e.label());
            g.writeNumberField("index", e.index());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** Client ops that completed (ok, fail, info), downsampled to one point per grid cell when many. */
    private static void writeLatency(JsonGenerator g, OpPairs p) throws IOException {
        int total = 0;
        long minLat = Long.MAX_VALUE;
        long maxLat = 0;
        for (int i = 0; i < p.size; i++) {
            if (p.nemesis[i] || p.end[i] < 0) continue;
            total++;
            long lat = Math.max(1, p.latency(i));
            minLat = Math.min(minLat, lat);
            maxLat = Math.max(maxLat, lat);
        }
        boolean exact = total <= EXACT_LATENCY_POINTS;
        double logMin = Math.log(Math.max(1, minLat));
        double logSpan = Math.max(1e-9, Math.log(Math.max(1, maxLat)) - logMin);
        double tSpan = Math.max(1, p.endTime);
        java.util.BitSet seen = new java.util.BitSet();
        int kept = 0;
        g.writeObjectFieldStart("latency");
        g.writeNumberField("total", total);
        // per point: start (delta from the previous point's), latency, f*4+outcome, invocation index (delta)
        Varints pts = new Varints(Math.min(total, 1 << 20) * 6);
        long prevT = 0;
        long prevI = 0;
        for (int i = 0; i < p.size; i++) {
            if (p.nemesis[i] || p.end[i] < 0) continue;
            long lat = Math.max(1, p.latency(i));
            if (!exact) {
                long gx = (long) (p.start[i] / tSpan * (GRID_X - 1));
                long gy = (long) ((Math.log(lat) - logMin) / logSpan * (GRID_Y - 1));
                long cell = (((long) p.fIndex[i] * 4 + p.outcome[i]) * GRID_X + gx) * GRID_Y + gy;
                if (seen.get((int) cell)) continue;
                seen.set((int) cell);
            }
            kept++;
            long t = tick(p.start[i]);
            pts.add(t - prevT);
            pts.add(Math.max(1, tick(p.end[i]) - t));
            pts.add(p.fIndex[i] * 4L + p.outcome[i]);
            pts.add(p.invokeIndex[i] - prevI);
            prevT = t;
            prevI = p.invokeIndex[i];
        }
        g.writeStringField("bin", pts.base64());
        g.writeNumberField("kept", kept);
        g.writeEndObject();
    }

    /** Completions per second per (f, outcome), in at most ~400 buckets. */
    private static void writeRate(JsonGenerator g, OpPairs p) throws IOException {
        long bucket = niceBucket(p.endTime, p.realTime);
        int n = (int) (p.endTime / bucket) + 1;
        Map<Integer, long[]> counts = new TreeMap<>();
        for (int i = 0; i < p.size; i++) {
            if (p.nemesis[i] || p.end[i] < 0) continue;
            counts.computeIfAbsent(p.fIndex[i] * 4 + p.outcome[i], k -> new long[n])[(int) (p.end[i] / bucket)]++;
        }
        g.writeObjectFieldStart("rate");
        g.writeFieldName("bucket");
        num(g, us(bucket));
        g.writeArrayFieldStart("series");
        for (Map.Entry<Integer, long[]> e : counts.entrySet()) {
            g.writeStartObject();
            g.writeNumberField("c", e.getKey());
            g.writeArrayFieldStart("n");
            for (long v : e.getValue()) g.writeNumber(v);
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    static long niceBucket(long span, boolean realTime) {
        long min = realTime ? 10_000_000L : 1_000L; // 10 ms, or one op index
        long target = Math.max(min, span / 400);
        long[] steps = {1, 2, 5};
        for (long scale = min; ; scale *= 10) {
            for (long s : steps) if (s * scale >= target) return s * scale;
        }
    }

    /**
     * Lanes of the timeline: lane 0 is the nemesis (if it acted), then one lane per client process,
     * or, when workers have churned through many process ids, processes packed greedily into the
     * fewest lanes whose ops never overlap.
     */
    static final class Lanes {
        final int[] laneOf;
        final List<String> labels = new ArrayList<>();
        /** True when processes share lanes. */
        boolean packed;

        private Lanes(int n) {
            laneOf = new int[n];
        }

        static Lanes of(OpPairs p) {
            Lanes l = new Lanes(p.size);
            boolean hasNemesis = false;
            for (int i = 0; i < p.size; i++) hasNemesis |= p.nemesis[i];
            if (hasNemesis) l.labels.add("nemesis");
            int base = l.labels.size();
            Map<Integer, long[]> span = new TreeMap<>(); // process -> first start, last end
            for (int i = 0; i < p.size; i++) {
                if (p.nemesis[i]) continue;
                long end = p.end[i] < 0 ? Long.MAX_VALUE : p.end[i];
                long[] s = span.computeIfAbsent(p.process[i], k -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
                s[0] = Math.min(s[0], p.start[i]);
                s[1] = Math.max(s[1], end);
            }
            Map<Integer, Integer> laneOfProcess = new HashMap<>();
            if (span.size() <= MAX_PROCESS_LANES) {
                for (int proc : span.keySet()) {
                    laneOfProcess.put(proc, base + laneOfProcess.size());
                    l.labels.add("p" + proc);
                }
            } else {
                l.packed = true;
                List<Integer> procs = new ArrayList<>(span.keySet());
                procs.sort((a, b) -> Long.compare(span.get(a)[0], span.get(b)[0]));
                List<Long> laneEnd = new ArrayList<>();
                List<List<Integer>> members = new ArrayList<>();
                for (int proc : procs) {
                    long[] s = span.get(proc);
                    int lane = -1;
                    for (int k = 0; k < laneEnd.size(); k++) {
                        if (laneEnd.get(k) < s[0]) {
                            lane = k;
                            break;
                        }
                    }
                    if (lane < 0) {
                        lane = laneEnd.size();
                        laneEnd.add(s[1]);
                        members.add(new ArrayList<>());
                    } else {
                        laneEnd.set(lane, s[1]);
                    }
                    members.get(lane).add(proc);
                    laneOfProcess.put(proc, base + lane);
                }
                for (List<Integer> m : members) {
                    l.labels.add(m.size() == 1 ? "p" + m.get(0) : "p" + m.get(0) + " +" + (m.size() - 1));
                }
            }
            for (int i = 0; i < p.size; i++) l.laneOf[i] = p.nemesis[i] ? 0 : laneOfProcess.get(p.process[i]);
            return l;
        }
    }
}
