package dev.faultline.checkers.txn;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * List-append analysis (Elle's): each key is a list, transactions append unique values and read
 * whole lists. The version order of a key is the longest list any committed transaction read;
 * every other read must be a prefix of it. A read of list L installs {@code wr} from the writer of
 * L's last element, and {@code rw} to the writer of the element right after L in the version order;
 * consecutive elements by different writers give {@code ww}.
 */
final class ListAppend implements TxnAnalysis {
    /** What one transaction did to one key. */
    private static final class Access {
        List<?> externalRead; // the first read, before the transaction's own appends; null if none
        final List<Object> appends = new ArrayList<>(2);
    }

    /** Everything known about one key. */
    private static final class KeyInfo {
        final Map<Object, Integer> writer = new HashMap<>();
        final List<int[]> readers = new ArrayList<>(); // [txn] per ok read, aligned with reads
        final List<List<?>> reads = new ArrayList<>();
        List<?> longest = List.of();
        Map<Object, Integer> position;
    }

    private final List<Txn> txns;
    private final List<Map<Object, Access>> access;
    private final Map<Object, KeyInfo> keys = new LinkedHashMap<>();
    private final List<Anomaly> anomalies = new ArrayList<>();

    ListAppend(List<Txn> txns) {
        this.txns = txns;
        this.access = new ArrayList<>(txns.size());
        for (Txn t : txns) access.add(scan(t));
        for (Txn t : txns) for (Map.Entry<Object, Access> e : access.get(t.id()).entrySet()) registerAppends(t, e.getKey(), e.getValue());
        for (Map.Entry<Object, KeyInfo> e : keys.entrySet()) orderVersions(e.getKey(), e.getValue());
        for (Map.Entry<Object, KeyInfo> e : keys.entrySet()) checkReads(e.getKey(), e.getValue());
        findLostUpdates();
    }

    /** Records the transaction's accesses and checks it against itself (internal consistency). */
    private Map<Object, Access> scan(Txn t) {
        Map<Object, Access> byKey = new LinkedHashMap<>(4);
        Map<Object, List<Object>> expected = new HashMap<>(4); // what a read of the key must return, if known
        Map<Object, Set<Object>> own = new HashMap<>(4);
        for (MicroOp m : t.ops()) if (m.kind() == MicroOp.Kind.APPEND) own.computeIfAbsent(m.key(), k -> new HashSet<>()).add(m.value());
        for (MicroOp m : t.ops()) {
            Access a = byKey.computeIfAbsent(m.key(), k -> new Access());
            KeyInfo info = keys.computeIfAbsent(m.key(), k -> new KeyInfo());
            if (m.kind() == MicroOp.Kind.APPEND) {
                a.appends.add(m.value());
                List<Object> e = expected.get(m.key());
                if (e != null) e.add(m.value());
                continue;
            }
            if (m.kind() != MicroOp.Kind.READ) throw new IllegalArgumentException(t.name() + ": list-append transactions only append and read, found " + m);
            if (!t.ok()) continue;
            // Jepsen's list-append clients record a read of a missing key as nil: the empty list.
            Object value = m.value() == null ? List.of() : m.value();
            if (!(value instanceof List<?> read)) throw new IllegalArgumentException(t.name() + ": a list-append read returns a list, found " + m);
            info.reads.add(read);
            info.readers.add(new int[] {t.id()});
            List<Object> e = expected.get(m.key());
            if (e != null && !e.equals(read)) {
                anomalies.add(Anomaly.of("internal", t.name() + " read key " + Txn.show(m.key()) + " = " + Txn.show(read)
                        + ", but given its earlier reads and appends it should have read " + Txn.show(e) + ".\n  " + t.describe(), t));
            } else if (e == null && !a.appends.isEmpty() && !endsWith(read, a.appends)) {
                anomalies.add(Anomaly.of("internal", t.name() + " appended " + Txn.show(a.appends) + " to key " + Txn.show(m.key())
                        + ", then read " + Txn.show(read) + ", which does not end with its own appends.\n  " + t.describe(), t));
            }
            for (Object v : read) {
                if (own.getOrDefault(m.key(), Set.of()).contains(v) && !a.appends.contains(v)) {
                    anomalies.add(Anomaly.of("future-read", t.name() + " read key " + Txn.show(m.key()) + " = " + Txn.show(read) + ", which includes " + Txn.show(v)
                            + ", an append it makes only later.\n  " + t.describe(), t));
                    break;
                }
            }
            if (a.externalRead == null && a.appends.isEmpty()) a.externalRead = read;
            expected.put(m.key(), new ArrayList<>(read));
        }
        return byKey;
    }

    private static boolean endsWith(List<?> list, List<?> suffix) {
        if (suffix.size() > list.size()) return false;
        return list.subList(list.size() - suffix.size(), list.size()).equals(suffix);
    }

    private void registerAppends(Txn t, Object key, Access a) {
        KeyInfo info = keys.get(key);
        for (Object v : a.appends) {
            Integer previous = info.writer.putIfAbsent(v, t.id());
            if (previous != null) {
                throw new IllegalArgumentException("list-append needs unique appends per key, but " + txns.get(previous).name() + " and " + t.name()
                        + " both appended " + Txn.show(v) + " to key " + Txn.show(key));
            }
        }
    }

    /** The longest read is the version order; reads that are not a prefix of it are incompatible. */
    private void orderVersions(Object key, KeyInfo info) {
        int longestReader = -1;
        for (int i = 0; i < info.reads.size(); i++) {
            if (info.reads.get(i).size() > info.longest.size()) {
                info.longest = info.reads.get(i);
                longestReader = info.readers.get(i)[0];
            }
        }
        info.position = new HashMap<>(info.longest.size() * 2);
        for (int i = 0; i < info.longest.size(); i++) info.position.putIfAbsent(info.longest.get(i), i);
        for (int i = 0; i < info.reads.size(); i++) {
            List<?> r = info.reads.get(i);
            if (!isPrefix(r, info.longest)) {
                Txn a = txns.get(info.readers.get(i)[0]);
                Txn b = txns.get(longestReader);
                anomalies.add(Anomaly.of("incompatible-order", a.name() + " read key " + Txn.show(key) + " = " + Txn.show(r) + " and " + b.name()
                        + " read " + Txn.show(info.longest) + ": neither is a prefix of the other, so no single order of appends explains both.\n  "
                        + a.describe() + "\n  " + b.describe(), a, b));
                info.readers.get(i)[0] = -1 - info.readers.get(i)[0]; // excluded from edges
            }
        }
        Set<Integer> broken = new HashSet<>();
        for (int i = 0; i < info.longest.size(); i++) {
            Integer w = info.writer.get(info.longest.get(i));
            if (w == null || broken.contains(w)) continue;
            List<Object> own = access.get(w).get(key).appends;
            for (Object earlier : own.subList(0, own.indexOf(info.longest.get(i)))) {
                Integer p = info.position.get(earlier);
                if (p != null && p < i) continue;
                broken.add(w);
                Txn t = txns.get(w);
                Txn reader = txns.get(longestReader);
                anomalies.add(Anomaly.of("incompatible-order", reader.name() + " read key " + Txn.show(key) + " = " + Txn.show(info.longest) + ", which has "
                        + t.name() + "'s append of " + Txn.show(info.longest.get(i)) + " but not, before it, its earlier append of " + Txn.show(earlier)
                        + ": no order of whole transactions' appends produces this list.\n  " + t.describe() + "\n  " + reader.describe(), t, reader));
                break;
            }
        }
        Txn previousWriter = null;
        for (Object v : info.longest) {
            Integer w = info.writer.get(v);
            if (w == null) continue;
            Txn t = txns.get(w);
            if (previousWriter != null && previousWriter.failed() && t.mayCommit() && t != previousWriter) {
                anomalies.add(Anomaly.of("dirty-update", t.name() + " appended " + Txn.show(v) + " to key " + Txn.show(key) + " right after aborted "
                        + previousWriter.name() + "'s append, as key " + Txn.show(key) + " = " + Txn.show(info.longest) + " shows: a committed write "
                        + "built on an aborted one.\n  " + previousWriter.describe() + "\n  " + t.describe(), previousWriter, t));
            }
            previousWriter = t;
        }
    }

    private static boolean isPrefix(List<?> a, List<?> b) {
        if (a.size() > b.size()) return false;
        for (int i = 0; i < a.size(); i++) if (!java.util.Objects.equals(a.get(i), b.get(i))) return false;
        return true;
    }

    /** Duplicates, garbage, aborted and intermediate reads. */
    private void checkReads(Object key, KeyInfo info) {
        Set<Object> garbage = new HashSet<>();
        for (int i = 0; i < info.reads.size(); i++) {
            List<?> r = info.reads.get(i);
            int readerId = info.readers.get(i)[0];
            Txn reader = txns.get(readerId < 0 ? -1 - readerId : readerId);
            Set<Object> seen = new HashSet<>(r.size() * 2);
            Set<Object> reported = new HashSet<>();
            for (Object v : r) {
                if (!seen.add(v) && reported.add(v)) {
                    anomalies.add(Anomaly.of("duplicate-elements", reader.name() + " read key " + Txn.show(key) + " = " + Txn.show(r)
                            + ", in which " + Txn.show(v) + " appears more than once.\n  " + reader.describe(), reader));
                }
                Integer w = info.writer.get(v);
                if (w == null) {
                    if (garbage.add(v)) {
                        anomalies.add(Anomaly.of("garbage-read", reader.name() + " read key " + Txn.show(key) + " = " + Txn.show(r) + ", but no transaction appended "
                                + Txn.show(v) + " to it.\n  " + reader.describe(), reader));
                    }
                    continue;
                }
                Txn writer = txns.get(w);
                if (writer.failed() && writer != reader) {
                    anomalies.add(Anomaly.of("G1a", reader.name() + " read key " + Txn.show(key) + " = " + Txn.show(r) + ", which includes " + Txn.show(v)
                            + ", appended by " + writer.name() + ", which aborted.\n  " + writer.describe() + "\n  " + reader.describe(), writer, reader));
                }
            }
            if (r.isEmpty()) continue;
            Object last = r.get(r.size() - 1);
            Integer w = info.writer.get(last);
            if (w == null || w == reader.id()) continue;
            Txn writer = txns.get(w);
            List<Object> appends = access.get(w).get(key).appends;
            if (!appends.get(appends.size() - 1).equals(last)) {
                anomalies.add(Anomaly.of("G1b", reader.name() + " read key " + Txn.show(key) + " = " + Txn.show(r) + ", which ends with " + Txn.show(last)
                        + ": an intermediate state of " + writer.name() + ", which appended " + Txn.show(appends) + " to it.\n  " + writer.describe()
                        + "\n  " + reader.describe(), writer, reader));
            }
        }
    }

    /** Committed transactions that read the same version of a key and then both appended to it. */
    private void findLostUpdates() {
        for (Map.Entry<Object, KeyInfo> e : keys.entrySet()) {
            Map<Integer, List<Txn>> byVersion = new HashMap<>();
            for (Txn t : txnsTouching(e.getKey())) {
                Access a = access.get(t.id()).get(e.getKey());
                if (!t.ok() || a.externalRead == null || a.appends.isEmpty() || !isPrefix(a.externalRead, e.getValue().longest)) continue;
                byVersion.computeIfAbsent(a.externalRead.size(), k -> new ArrayList<>()).add(t);
            }
            for (List<Txn> group : byVersion.values()) {
                if (group.size() < 2) continue;
                StringBuilder sb = new StringBuilder();
                for (Txn t : group) sb.append(sb.length() == 0 ? "" : ", ").append(t.name());
                sb.append(" all read key ").append(Txn.show(e.getKey())).append(" = ").append(Txn.show(access.get(group.get(0).id()).get(e.getKey()).externalRead))
                        .append(" and then appended to it: each update was made without seeing the others.");
                for (Txn t : group) sb.append("\n  ").append(t.describe());
                anomalies.add(new Anomaly("lost-update", group.stream().map(Txn::name).toList(), sb.toString()));
            }
        }
    }

    private final Map<Object, List<Txn>> touching = new HashMap<>();

    private List<Txn> txnsTouching(Object key) {
        if (touching.isEmpty()) {
            for (Txn t : txns) for (Object k : access.get(t.id()).keySet()) touching.computeIfAbsent(k, x -> new ArrayList<>()).add(t);
        }
        return touching.getOrDefault(key, List.of());
    }

    @Override
    public List<Anomaly> anomalies() {
        return anomalies;
    }

    @Override
    public void addEdges(DependencyGraph.Builder graph) {
        for (KeyInfo info : keys.values()) {
            int previous = -1;
            for (Object v : info.longest) {
                Integer w = info.writer.get(v);
                if (w == null) continue;
                if (previous >= 0 && previous != w && txns.get(previous).mayCommit() && txns.get(w).mayCommit()) graph.add(previous, w, DependencyGraph.WW);
                previous = w;
            }
        }
        addUnobservedAppends(graph);
        for (Txn t : txns) {
            if (!t.ok()) continue;
            for (Map.Entry<Object, Access> e : access.get(t.id()).entrySet()) {
                List<?> read = e.getValue().externalRead;
                if (read == null) continue;
                KeyInfo info = keys.get(e.getKey());
                if (!isPrefix(read, info.longest)) continue;
                if (!read.isEmpty()) {
                    Integer w = info.writer.get(read.get(read.size() - 1));
                    if (w != null && txns.get(w).mayCommit()) graph.add(w, t.id(), DependencyGraph.WR);
                }
                if (read.size() < info.longest.size()) {
                    Integer w = info.writer.get(info.longest.get(read.size()));
                    if (w != null && txns.get(w).mayCommit()) graph.add(t.id(), w, DependencyGraph.RW);
                }
            }
        }
    }

    /**
     * A committed transaction's final append to a key that no read observed still lies after every
     * element of the longest read (the longest read is a committed state, a prefix of the final
     * list): its writer follows the writer of the longest read's last element (ww) and every
     * transaction that read the whole longest list (rw). Elle's {@code previously-appended-element}
     * makes the same inference. A transaction counts as committed if it completed ok or if any of
     * its appends was observed.
     */
    private void addUnobservedAppends(DependencyGraph.Builder graph) {
        boolean[] observed = new boolean[txns.size()];
        for (KeyInfo info : keys.values()) {
            for (Object v : info.longest) {
                Integer w = info.writer.get(v);
                if (w != null) observed[w] = true;
            }
        }
        for (Map.Entry<Object, KeyInfo> e : keys.entrySet()) {
            KeyInfo info = e.getValue();
            List<Integer> unobserved = null;
            for (Txn t : txnsTouching(e.getKey())) {
                Access a = access.get(t.id()).get(e.getKey());
                if (a.appends.isEmpty() || info.position.containsKey(a.appends.get(a.appends.size() - 1)) || t.failed() || !(t.ok() || observed[t.id()])) continue;
                if (unobserved == null) unobserved = new ArrayList<>();
                unobserved.add(t.id());
            }
            if (unobserved == null) continue;
            Integer lastWriter = info.longest.isEmpty() ? null : info.writer.get(info.longest.get(info.longest.size() - 1));
            for (int u : unobserved) {
                if (lastWriter != null && txns.get(lastWriter).mayCommit()) graph.add(lastWriter, u, DependencyGraph.WW);
                for (int i = 0; i < info.reads.size(); i++) {
                    int reader = info.readers.get(i)[0];
                    if (reader >= 0 && info.reads.get(i).size() == info.longest.size() && isExternal(reader, e.getKey())) graph.add(reader, u, DependencyGraph.RW);
                }
            }
        }
    }

    private static Object last(List<?> l) {
        return l.get(l.size() - 1);
    }

    private boolean isExternal(int reader, Object key) {
        Access a = access.get(reader).get(key);
        return a.externalRead != null && a.externalRead.size() == keys.get(key).longest.size();
    }

    private boolean unobserved(int writer, Object key) {
        Access a = access.get(writer).get(key);
        return a != null && !a.appends.isEmpty() && !keys.get(key).position.containsKey(a.appends.get(a.appends.size() - 1));
    }

    @Override
    public String explain(int from, int to, int type) {
        Txn a = txns.get(from), b = txns.get(to);
        switch (type) {
            case DependencyGraph.WW -> {
                for (Map.Entry<Object, Access> e : access.get(from).entrySet()) {
                    KeyInfo info = keys.get(e.getKey());
                    Object previous = null;
                    for (Object v : info.longest) {
                        Integer w = info.writer.get(v);
                        if (w == null) continue;
                        if (previous != null && w == to && info.writer.get(previous) == from) {
                            return b.name() + " appended " + Txn.show(v) + " to key " + Txn.show(e.getKey()) + " right after " + a.name() + " appended "
                                    + Txn.show(previous) + " (key " + Txn.show(e.getKey()) + " was read as " + Txn.show(info.longest) + ")";
                        }
                        previous = v;
                    }
                    if (unobserved(to, e.getKey()) && !info.longest.isEmpty() && Integer.valueOf(from).equals(info.writer.get(info.longest.get(info.longest.size() - 1)))) {
                        return b.name() + "'s final append of " + Txn.show(last(access.get(to).get(e.getKey()).appends)) + " to key " + Txn.show(e.getKey())
                                + ", which no read observed, must follow the longest read " + Txn.show(info.longest) + ", which ends with " + a.name() + "'s append";
                    }
                }
            }
            case DependencyGraph.WR -> {
                for (Map.Entry<Object, Access> e : access.get(to).entrySet()) {
                    List<?> read = e.getValue().externalRead;
                    if (read == null || read.isEmpty()) continue;
                    Object last = read.get(read.size() - 1);
                    if (Integer.valueOf(from).equals(keys.get(e.getKey()).writer.get(last))) {
                        return b.name() + " read key " + Txn.show(e.getKey()) + " = " + Txn.show(read) + ", observing " + a.name() + "'s append of " + Txn.show(last);
                    }
                }
            }
            case DependencyGraph.RW -> {
                for (Map.Entry<Object, Access> e : access.get(from).entrySet()) {
                    List<?> read = e.getValue().externalRead;
                    KeyInfo info = keys.get(e.getKey());
                    if (read == null || read.size() >= info.longest.size()) continue;
                    Object next = info.longest.get(read.size());
                    if (Integer.valueOf(to).equals(info.writer.get(next))) {
                        return a.name() + " read key " + Txn.show(e.getKey()) + " = " + Txn.show(read) + ", which did not include " + b.name() + "'s append of " + Txn.show(next);
                    }
                }
                for (Map.Entry<Object, Access> e : access.get(from).entrySet()) {
                    List<?> read = e.getValue().externalRead;
                    if (read != null && read.size() == keys.get(e.getKey()).longest.size() && unobserved(to, e.getKey())) {
                        return a.name() + " read key " + Txn.show(e.getKey()) + " = " + Txn.show(read) + ", which did not include " + b.name() + "'s committed append of "
                                + Txn.show(last(access.get(to).get(e.getKey()).appends)) + " (no read observed it, so it comes after every observed element)";
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
        if (r == null || r.externalRead == null || w == null || w.appends.isEmpty()) return false;
        KeyInfo info = keys.get(key);
        if (!isPrefix(r.externalRead, info.longest)) return false;
        Integer p = info.position.get(w.appends.get(w.appends.size() - 1));
        return p == null || r.externalRead.size() <= p;
    }

    @Override
    public Collection<Object> writtenKeys(int txn) {
        List<Object> out = new ArrayList<>();
        for (Map.Entry<Object, Access> e : access.get(txn).entrySet()) if (!e.getValue().appends.isEmpty()) out.add(e.getKey());
        return out;
    }

    @Override
    public String readText(int reader, Object key) {
        Access r = access.get(reader).get(key);
        return r == null || r.externalRead == null ? null : "read key " + Txn.show(key) + " = " + Txn.show(r.externalRead);
    }

    @Override
    public String writeText(int writer, Object key) {
        List<Object> appends = access.get(writer).get(key).appends;
        return "append of " + Txn.show(appends.get(appends.size() - 1)) + " to key " + Txn.show(key);
    }
}
