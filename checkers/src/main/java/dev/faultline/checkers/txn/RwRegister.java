package dev.faultline.checkers.txn;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Read-write register analysis: each key holds one value, transactions write unique values per key
 * and read single values; nil is the initial state. Only what is sound is inferred about each
 * key's version order:
 * <ul>
 *   <li>the initial state (nil) precedes every written version;</li>
 *   <li>writes follow reads: a transaction that read v1 and then wrote v2 to the same key put v2
 *       after v1;</li>
 *   <li>a read of v follows v's write ({@code wr}).</li>
 * </ul>
 * Two blind writes to a key that no transaction read in between stay unordered: the versions
 * they installed are not known to be adjacent, so no {@code ww} or {@code rw} edge is drawn
 * between them.
 */
final class RwRegister implements TxnAnalysis {
    /** Stands for nil (the initial state) as a map key. */
    private static final Object INITIAL = new Object();

    private static final class Access {
        boolean read;
        Object externalRead; // null means nil
        final List<Object> writes = new ArrayList<>(1);

        Object finalWrite() {
            return writes.isEmpty() ? null : writes.get(writes.size() - 1);
        }
    }

    private static final class KeyInfo {
        final Map<Object, Integer> writer = new HashMap<>();
        final Map<Object, List<Integer>> readers = new HashMap<>(); // version (INITIAL for nil) -> ok txns that read it externally
        final Map<Object, List<Object>> successors = new HashMap<>(); // version -> versions known to follow it
        final List<Integer> finalWriters = new ArrayList<>();
    }

    private final List<Txn> txns;
    private final List<Map<Object, Access>> access;
    private final Map<Object, KeyInfo> keys = new LinkedHashMap<>();
    private final List<Anomaly> anomalies = new ArrayList<>();

    RwRegister(List<Txn> txns) {
        this.txns = txns;
        this.access = new ArrayList<>(txns.size());
        for (Txn t : txns) access.add(scan(t));
        for (Txn t : txns) register(t);
        for (Txn t : txns) if (t.ok()) checkReads(t);
        findLostUpdates();
    }

    private static Object version(Object v) {
        return v == null ? INITIAL : v;
    }

    private Map<Object, Access> scan(Txn t) {
        Map<Object, Access> byKey = new LinkedHashMap<>(4);
        Map<Object, Object> known = new HashMap<>(4);
        for (MicroOp m : t.ops()) {
            Access a = byKey.computeIfAbsent(m.key(), k -> new Access());
            keys.computeIfAbsent(m.key(), k -> new KeyInfo());
            if (m.kind() == MicroOp.Kind.WRITE) {
                a.writes.add(m.value());
                known.put(m.key(), m.value());
                continue;
            }
            if (m.kind() != MicroOp.Kind.READ) throw new IllegalArgumentException(t.name() + ": rw-register transactions only write and read, found " + m);
            if (!t.ok()) continue;
            if (m.value() instanceof List || m.value() instanceof Map) throw new IllegalArgumentException(t.name() + ": an rw-register read returns one value, found " + m);
            if (known.containsKey(m.key()) && !Objects.equals(known.get(m.key()), m.value())) {
                anomalies.add(Anomaly.of("internal", t.name() + " read key " + Txn.show(m.key()) + " = " + Txn.show(m.value()) + ", but given its own earlier "
                        + (a.writes.isEmpty() ? "read" : "write") + " it should have read " + Txn.show(known.get(m.key())) + ".\n  " + t.describe(), t));
            }
            if (!a.read && a.writes.isEmpty()) {
                a.read = true;
                a.externalRead = m.value();
            }
            known.put(m.key(), m.value());
        }
        return byKey;
    }

    private void register(Txn t) {
        for (Map.Entry<Object, Access> e : access.get(t.id()).entrySet()) {
            KeyInfo info = keys.get(e.getKey());
            Access a = e.getValue();
            for (Object v : a.writes) {
                Integer previous = info.writer.putIfAbsent(v, t.id());
                if (previous != null && previous != t.id()) {
                    throw new IllegalArgumentException("rw-register needs unique writes per key, but " + txns.get(previous).name() + " and " + t.name()
                            + " both wrote " + Txn.show(v) + " to key " + Txn.show(e.getKey()));
                }
            }
            if (!a.writes.isEmpty() && t.mayCommit()) info.finalWriters.add(t.id());
            if (t.ok() && a.read) {
                info.readers.computeIfAbsent(version(a.externalRead), k -> new ArrayList<>()).add(t.id());
                if (!a.writes.isEmpty()) info.successors.computeIfAbsent(version(a.externalRead), k -> new ArrayList<>()).add(a.finalWrite());
            }
        }
    }

    private void checkReads(Txn reader) {
        for (Map.Entry<Object, Access> e : access.get(reader.id()).entrySet()) {
            Access a = e.getValue();
            if (!a.read || a.externalRead == null) continue;
            Object key = e.getKey();
            Object v = a.externalRead;
            Integer w = keys.get(key).writer.get(v);
            if (w == null) {
                anomalies.add(Anomaly.of("garbage-read", reader.name() + " read key " + Txn.show(key) + " = " + Txn.show(v) + ", which no transaction wrote.\n  "
                        + reader.describe(), reader));
                continue;
            }
            Txn writer = txns.get(w);
            if (writer == reader) continue;
            if (writer.failed()) {
                anomalies.add(Anomaly.of("G1a", reader.name() + " read key " + Txn.show(key) + " = " + Txn.show(v) + ", written by " + writer.name()
                        + ", which aborted.\n  " + writer.describe() + "\n  " + reader.describe(), writer, reader));
            } else if (!Objects.equals(access.get(w).get(key).finalWrite(), v)) {
                anomalies.add(Anomaly.of("G1b", reader.name() + " read key " + Txn.show(key) + " = " + Txn.show(v) + ": an intermediate value of " + writer.name()
                        + ", which went on to write " + Txn.show(access.get(w).get(key).finalWrite()) + ".\n  " + writer.describe() + "\n  " + reader.describe(),
                        writer, reader));
            }
        }
    }

    private void findLostUpdates() {
        for (Map.Entry<Object, KeyInfo> e : keys.entrySet()) {
            for (Map.Entry<Object, List<Integer>> r : e.getValue().readers.entrySet()) {
                List<Txn> group = new ArrayList<>();
                for (int id : r.getValue()) if (!access.get(id).get(e.getKey()).writes.isEmpty()) group.add(txns.get(id));
                if (group.size() < 2) continue;
                StringBuilder sb = new StringBuilder();
                for (Txn t : group) sb.append(sb.length() == 0 ? "" : ", ").append(t.name());
                sb.append(" all read key ").append(Txn.show(e.getKey())).append(" = ").append(Txn.show(r.getKey() == INITIAL ? null : r.getKey()))
                        .append(" and then wrote it: each update was made without seeing the others.");
                for (Txn t : group) sb.append("\n  ").append(t.describe());
                anomalies.add(new Anomaly("lost-update", group.stream().map(Txn::name).toList(), sb.toString()));
            }
        }
    }

    @Override
    public List<Anomaly> anomalies() {
        return anomalies;
    }

    private boolean inGraph(Integer id) {
        return id != null && txns.get(id).mayCommit();
    }

    @Override
    public void addEdges(DependencyGraph.Builder graph) {
        for (KeyInfo info : keys.values()) {
            for (Map.Entry<Object, List<Integer>> r : info.readers.entrySet()) {
                Integer w = r.getKey() == INITIAL ? null : info.writer.get(r.getKey());
                if (inGraph(w)) for (int reader : r.getValue()) graph.add(w, reader, DependencyGraph.WR);
                if (r.getKey() == INITIAL) {
                    for (int reader : r.getValue()) for (int writer : info.finalWriters) graph.add(reader, writer, DependencyGraph.RW);
                }
            }
            for (Map.Entry<Object, List<Object>> s : info.successors.entrySet()) {
                Integer w = s.getKey() == INITIAL ? null : info.writer.get(s.getKey());
                List<Integer> readers = info.readers.getOrDefault(s.getKey(), List.of());
                for (Object next : s.getValue()) {
                    int later = info.writer.get(next);
                    if (!inGraph(later)) continue;
                    if (inGraph(w)) graph.add(w, later, DependencyGraph.WW);
                    for (int reader : readers) graph.add(reader, later, DependencyGraph.RW);
                }
            }
        }
    }

    @Override
    public String explain(int from, int to, int type) {
        Txn a = txns.get(from), b = txns.get(to);
        switch (type) {
            case DependencyGraph.WW -> {
                for (Map.Entry<Object, Access> e : access.get(to).entrySet()) {
                    Access x = e.getValue();
                    if (x.read && x.externalRead != null && !x.writes.isEmpty() && Integer.valueOf(from).equals(keys.get(e.getKey()).writer.get(x.externalRead))) {
                        return b.name() + " read key " + Txn.show(e.getKey()) + " = " + Txn.show(x.externalRead) + ", written by " + a.name() + ", and then wrote "
                                + Txn.show(x.finalWrite()) + " over it";
                    }
                }
            }
            case DependencyGraph.WR -> {
                for (Map.Entry<Object, Access> e : access.get(to).entrySet()) {
                    Access x = e.getValue();
                    if (x.read && x.externalRead != null && Integer.valueOf(from).equals(keys.get(e.getKey()).writer.get(x.externalRead))) {
                        return b.name() + " read key " + Txn.show(e.getKey()) + " = " + Txn.show(x.externalRead) + ", written by " + a.name();
                    }
                }
            }
            case DependencyGraph.RW -> {
                for (Map.Entry<Object, Access> e : access.get(from).entrySet()) {
                    Access x = e.getValue();
                    Access y = access.get(to).get(e.getKey());
                    if (!x.read || y == null || y.writes.isEmpty()) continue;
                    if (x.externalRead == null) {
                        return a.name() + " read key " + Txn.show(e.getKey()) + " = nil, the initial state, which precedes " + b.name() + "'s write of "
                                + Txn.show(y.finalWrite());
                    }
                    if (y.read && Objects.equals(y.externalRead, x.externalRead)) {
                        return a.name() + " read key " + Txn.show(e.getKey()) + " = " + Txn.show(x.externalRead) + ", which " + b.name() + " (having read it too) overwrote with "
                                + Txn.show(y.finalWrite());
                    }
                }
            }
            default -> throw new IllegalArgumentException("not a data edge type: " + type);
        }
        throw new IllegalStateException("no " + DependencyGraph.typeName(type) + " edge from " + a.name() + " to " + b.name());
    }

    @Override
    public boolean readMisses(int reader, Object key, int writer) {
        Access r = access.get(reader).get(key);
        Access w = access.get(writer).get(key);
        if (r == null || !r.read || w == null || w.writes.isEmpty() || reader == writer) return false;
        if (r.externalRead == null) return true;
        Object target = w.finalWrite();
        Map<Object, List<Object>> successors = keys.get(key).successors;
        Set<Object> seen = new HashSet<>();
        ArrayDeque<Object> queue = new ArrayDeque<>();
        queue.add(r.externalRead);
        while (!queue.isEmpty()) {
            for (Object next : successors.getOrDefault(queue.poll(), List.of())) {
                if (Objects.equals(next, target)) return true;
                if (seen.add(next)) queue.add(next);
            }
        }
        return false;
    }

    @Override
    public Collection<Object> writtenKeys(int txn) {
        List<Object> out = new ArrayList<>();
        for (Map.Entry<Object, Access> e : access.get(txn).entrySet()) if (!e.getValue().writes.isEmpty()) out.add(e.getKey());
        return out;
    }

    @Override
    public String readText(int reader, Object key) {
        Access r = access.get(reader).get(key);
        return r == null || !r.read ? null : "read key " + Txn.show(key) + " = " + Txn.show(r.externalRead);
    }

    @Override
    public String writeText(int writer, Object key) {
        return "write of " + Txn.show(access.get(writer).get(key).finalWrite()) + " to key " + Txn.show(key);
    }
}
