package dev.faultline.checkers.txn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * List-append analysis (Elle's): each key is a list, transactions append unique values and read
 * whole lists. The version order of a key is the longest list any committed transaction read;
 * every other read must be a prefix of it. A read of list L installs {@code wr} from the writer of
 * L's last element, and {@code rw} to the writer of the element right after L in the version order;
 * consecutive elements by different writers give {@code ww}.
 *
 * <p>Built for million-transaction histories: keys are numbered densely, a transaction's accesses
 * are a small array (not a map), each version's writer is looked up once (then an
 * {@code int[]} per key), and whether a read is a prefix of the version order is decided once.
 */
final class ListAppend implements TxnAnalysis {
    /** What one transaction did to one key. */
    private static final class Access {
        final int txn;
        final int key;
        final Object keyValue;
        List<?> externalRead; // the first read, before the transaction's own appends; null if none
        boolean externalCompatible; // externalRead is a prefix of the key's version order
        List<Object> appends = List.of(); // in order; immutable once scanned (List.of holds one or two inline)
        int[] positions = NO_POSITIONS; // where each append stands in the version order (first occurrence), -1 if absent

        Access(int txn, int key, Object keyValue) {
            this.txn = txn;
            this.key = key;
            this.keyValue = keyValue;
        }

        boolean appended() {
            return !appends.isEmpty();
        }

        /** The version order position of this transaction's final append, or -1 if no read observed it. */
        int finalPosition() {
            return positions[positions.length - 1];
        }
    }

    /** Everything known about one key. */
    private static final class KeyInfo {
        final int id;
        final Object key;
        final Map<Object, Access> writer = new HashMap<>(); // appended value -> the access that appended it
        final List<List<?>> reads = new ArrayList<>(); // every ok read, in transaction order
        final List<Access> readAccess = new ArrayList<>(); // the reader's access, aligned with reads
        boolean[] incompatible = new boolean[4]; // aligned with reads: not a prefix of the version order (excluded from edges)
        final List<Access> touching = new ArrayList<>(); // every transaction's access, in transaction order
        List<?> longest = List.of();
        int[] versionWriter; // writer of each element of longest, -1 if none
        Access[] versionAccess; // the writer's access of each element of longest, null if none
        int clean; // longest[0, clean) has no duplicate, no garbage and no aborted write: reads within it need no element check

        KeyInfo(int id, Object key) {
            this.id = id;
            this.key = key;
        }

        void addRead(List<?> read, Access reader) {
            if (reads.size() == incompatible.length) incompatible = Arrays.copyOf(incompatible, incompatible.length * 2);
            reads.add(read);
            readAccess.add(reader);
        }
    }

    private static final Access[] NONE = new Access[0];
    private static final int[] NO_POSITIONS = new int[0];

    private final List<Txn> txns;
    private final Access[][] access; // per transaction, in order of first access
    private final Map<Object, Integer> keyIds = new HashMap<>();
    private final List<KeyInfo> keys = new ArrayList<>();
    private final List<Anomaly> anomalies = new ArrayList<>();

    ListAppend(List<Txn> txns) {
        this.txns = txns;
        this.access = new Access[txns.size()][];
        for (Txn t : txns) access[t.id()] = scan(t);
        for (KeyInfo info : keys) orderVersions(info);
        for (KeyInfo info : keys) checkReads(info);
        findLostUpdates();
    }

    private Access access(int txn, int key) {
        for (Access a : access[txn]) if (a.key == key) return a;
        return null;
    }

    private Access access(int txn, Object key) {
        for (Access a : access[txn]) if (a.keyValue.equals(key)) return a;
        return null;
    }

    /** Records the transaction's accesses and appends, and checks it against itself (internal consistency). */
    private Access[] scan(Txn t) {
        List<MicroOp> ops = t.ops();
        Access[] byKey = NONE;
        int[] slot = new int[ops.size()]; // micro-op -> index in byKey
        for (int j = 0; j < ops.size(); j++) {
            MicroOp m = ops.get(j);
            Integer id = keyIds.get(m.key());
            if (id == null) {
                id = keys.size();
                keyIds.put(m.key(), id);
                keys.add(new KeyInfo(id, m.key()));
            }
            int s = 0;
            while (s < byKey.length && byKey[s].key != id) s++;
            if (s == byKey.length) {
                byKey = Arrays.copyOf(byKey, s + 1);
                byKey[s] = new Access(t.id(), id, m.key());
                keys.get(id).touching.add(byKey[s]);
            }
            slot[j] = s;
            if (m.kind() == MicroOp.Kind.APPEND) {
                if (byKey[s].appends.isEmpty()) byKey[s].appends = new ArrayList<>(2);
                byKey[s].appends.add(m.value());
                Access previous = keys.get(id).writer.putIfAbsent(m.value(), byKey[s]);
                if (previous != null) {
                    throw new IllegalArgumentException("list-append needs unique appends per key, but " + txns.get(previous.txn).name() + " and " + t.name()
                            + " both appended " + Txn.show(m.value()) + " to key " + Txn.show(m.key()));
                }
            } else if (m.kind() != MicroOp.Kind.READ) {
                throw new IllegalArgumentException(t.name() + ": list-append transactions only append and read, found " + m);
            }
        }
        for (Access a : byKey) {
            if (a.appends.isEmpty()) continue;
            a.appends = List.copyOf(a.appends);
            a.positions = new int[a.appends.size()];
            Arrays.fill(a.positions, -1);
        }
        if (!t.ok()) return byKey;
        int[] appended = new int[byKey.length]; // appends so far, per key
        List<Object>[] expected = null; // what a read of the key must return, if known
        for (int j = 0; j < ops.size(); j++) {
            MicroOp m = ops.get(j);
            Access a = byKey[slot[j]];
            if (m.kind() == MicroOp.Kind.APPEND) {
                appended[slot[j]]++;
                if (expected != null && expected[slot[j]] != null) expected[slot[j]].add(m.value());
                continue;
            }
            List<Object> sofar = appended[slot[j]] == 0 ? List.of() : a.appends.subList(0, appended[slot[j]]);
            // Jepsen's list-append clients record a read of a missing key as nil: the empty list.
            Object value = m.value() == null ? List.of() : m.value();
            if (!(value instanceof List<?> read)) throw new IllegalArgumentException(t.name() + ": a list-append read returns a list, found " + m);
            keys.get(a.key).addRead(read, a);
            List<Object> e = expected == null ? null : expected[slot[j]];
            if (e != null && !e.equals(read)) {
                anomalies.add(Anomaly.of("internal", t.name() + " read key " + Txn.show(m.key()) + " = " + Txn.show(read)
                        + ", but given its earlier reads and appends it should have read " + Txn.show(e) + ".\n  " + t.describe(), t));
            } else if (e == null && !sofar.isEmpty() && !endsWith(read, sofar)) {
                anomalies.add(Anomaly.of("internal", t.name() + " appended " + Txn.show(sofar) + " to key " + Txn.show(m.key())
                        + ", then read " + Txn.show(read) + ", which does not end with its own appends.\n  " + t.describe(), t));
            }
            if (sofar.size() < a.appends.size()) {
                for (Object v : read) {
                    if (v != null && a.appends.contains(v) && !sofar.contains(v)) { // (immutable lists refuse null)
                        anomalies.add(Anomaly.of("future-read", t.name() + " read key " + Txn.show(m.key()) + " = " + Txn.show(read) + ", which includes " + Txn.show(v)
                                + ", an append it makes only later.\n  " + t.describe(), t));
                        break;
                    }
                }
            }
            if (a.externalRead == null && sofar.isEmpty()) a.externalRead = read;
            if (j < ops.size() - 1) {
                if (expected == null) {
                    @SuppressWarnings("unchecked")
                    List<Object>[] fresh = new List[byKey.length];
                    expected = fresh;
                }
                expected[slot[j]] = new ArrayList<>(read);
            }
        }
        return byKey;
    }

    private static boolean endsWith(List<?> list, List<?> suffix) {
        if (suffix.size() > list.size()) return false;
        return list.subList(list.size() - suffix.size(), list.size()).equals(suffix);
    }

    /** The longest read is the version order; reads that are not a prefix of it are incompatible. */
    private void orderVersions(KeyInfo info) {
        Object key = info.key;
        int longestReader = -1;
        for (int i = 0; i < info.reads.size(); i++) {
            if (info.reads.get(i).size() > info.longest.size()) {
                info.longest = info.reads.get(i);
                longestReader = info.readAccess.get(i).txn;
            }
        }
        for (int i = 0; i < info.reads.size(); i++) {
            List<?> r = info.reads.get(i);
            boolean compatible = isPrefix(r, info.longest);
            Access a = info.readAccess.get(i);
            if (a.externalRead == r) a.externalCompatible = compatible;
            if (!compatible) {
                Txn x = txns.get(a.txn);
                Txn y = txns.get(longestReader);
                anomalies.add(Anomaly.of("incompatible-order", x.name() + " read key " + Txn.show(key) + " = " + Txn.show(r) + " and " + y.name()
                        + " read " + Txn.show(info.longest) + ": neither is a prefix of the other, so no single order of appends explains both.\n  "
                        + x.describe() + "\n  " + y.describe(), x, y));
                info.incompatible[i] = true;
            }
        }
        int n = info.longest.size();
        info.versionWriter = new int[n];
        info.versionAccess = new Access[n];
        for (int i = 0; i < n; i++) {
            Access a = info.writer.get(info.longest.get(i));
            info.versionAccess[i] = a;
            info.versionWriter[i] = a == null ? -1 : a.txn;
        }
        Set<Integer> broken = null;
        for (int i = 0; i < n; i++) {
            int w = info.versionWriter[i];
            if (w < 0) continue;
            Access a = info.versionAccess[i];
            int j = a.appends.indexOf(info.longest.get(i));
            if (a.positions[j] < 0) a.positions[j] = i;
            if (broken != null && broken.contains(w)) continue;
            for (int earlier = 0; earlier < j; earlier++) {
                int p = a.positions[earlier];
                if (p >= 0 && p < i) continue;
                if (broken == null) broken = new HashSet<>();
                broken.add(w);
                Txn t = txns.get(w);
                Txn reader = txns.get(longestReader);
                anomalies.add(Anomaly.of("incompatible-order", reader.name() + " read key " + Txn.show(key) + " = " + Txn.show(info.longest) + ", which has "
                        + t.name() + "'s append of " + Txn.show(info.longest.get(i)) + " but not, before it, its earlier append of " + Txn.show(a.appends.get(earlier))
                        + ": no order of whole transactions' appends produces this list.\n  " + t.describe() + "\n  " + reader.describe(), t, reader));
                break;
            }
        }
        Txn previousWriter = null;
        for (int i = 0; i < n; i++) {
            int w = info.versionWriter[i];
            if (w < 0) continue;
            Txn t = txns.get(w);
            if (previousWriter != null && previousWriter.failed() && t.mayCommit() && t != previousWriter) {
                anomalies.add(Anomaly.of("dirty-update", t.name() + " appended " + Txn.show(info.longest.get(i)) + " to key " + Txn.show(key) + " right after aborted "
                        + previousWriter.name() + "'s append, as key " + Txn.show(key) + " = " + Txn.show(info.longest) + " shows: a committed write "
                        + "built on an aborted one.\n  " + previousWriter.describe() + "\n  " + t.describe(), previousWriter, t));
            }
            previousWriter = t;
        }
        Set<Object> distinct = new HashSet<>(n * 2);
        int clean = 0;
        while (clean < n && info.versionWriter[clean] >= 0 && !txns.get(info.versionWriter[clean]).failed() && distinct.add(info.longest.get(clean))) clean++;
        info.clean = clean;
    }

    private static boolean isPrefix(List<?> a, List<?> b) {
        if (a == b) return true;
        if (a.size() > b.size()) return false;
        for (int i = 0; i < a.size(); i++) if (!Objects.equals(a.get(i), b.get(i))) return false;
        return true;
    }

    /** Duplicates, garbage, aborted and intermediate reads. */
    private void checkReads(KeyInfo info) {
        Object key = info.key;
        Set<Object> garbage = null;
        for (int i = 0; i < info.reads.size(); i++) {
            List<?> r = info.reads.get(i);
            boolean compatible = !info.incompatible[i];
            Txn reader = txns.get(info.readAccess.get(i).txn);
            if (!compatible || r.size() > info.clean) {
                Set<Object> seen = new HashSet<>(r.size() * 2);
                Set<Object> reported = new HashSet<>();
                for (Object v : r) {
                    if (!seen.add(v) && reported.add(v)) {
                        anomalies.add(Anomaly.of("duplicate-elements", reader.name() + " read key " + Txn.show(key) + " = " + Txn.show(r)
                                + ", in which " + Txn.show(v) + " appears more than once.\n  " + reader.describe(), reader));
                    }
                    Access w = info.writer.get(v);
                    if (w == null) {
                        if (garbage == null) garbage = new HashSet<>();
                        if (garbage.add(v)) {
                            anomalies.add(Anomaly.of("garbage-read", reader.name() + " read key " + Txn.show(key) + " = " + Txn.show(r) + ", but no transaction appended "
                                    + Txn.show(v) + " to it.\n  " + reader.describe(), reader));
                        }
                        continue;
                    }
                    Txn writer = txns.get(w.txn);
                    if (writer.failed() && writer != reader) {
                        anomalies.add(Anomaly.of("G1a", reader.name() + " read key " + Txn.show(key) + " = " + Txn.show(r) + ", which includes " + Txn.show(v)
                                + ", appended by " + writer.name() + ", which aborted.\n  " + writer.describe() + "\n  " + reader.describe(), writer, reader));
                    }
                }
            }
            if (r.isEmpty()) continue;
            Object last = r.get(r.size() - 1);
            Access w = compatible ? info.versionAccess[r.size() - 1] : info.writer.get(last);
            if (w == null || w.txn == reader.id()) continue;
            Txn writer = txns.get(w.txn);
            List<Object> appends = w.appends;
            if (!appends.get(appends.size() - 1).equals(last)) {
                anomalies.add(Anomaly.of("G1b", reader.name() + " read key " + Txn.show(key) + " = " + Txn.show(r) + ", which ends with " + Txn.show(last)
                        + ": an intermediate state of " + writer.name() + ", which appended " + Txn.show(appends) + " to it.\n  " + writer.describe()
                        + "\n  " + reader.describe(), writer, reader));
            }
        }
    }

    /** Committed transactions that read the same version of a key and then both appended to it. */
    private void findLostUpdates() {
        for (KeyInfo info : keys) {
            Map<Integer, List<Txn>> byVersion = null;
            int candidates = 0;
            for (Access a : info.touching) if (a.externalRead != null && a.appended() && a.externalCompatible) candidates++;
            if (candidates < 2) continue;
            for (Access a : info.touching) {
                Txn t = txns.get(a.txn);
                if (!t.ok() || a.externalRead == null || !a.appended() || !a.externalCompatible) continue;
                if (byVersion == null) byVersion = new HashMap<>();
                byVersion.computeIfAbsent(a.externalRead.size(), k -> new ArrayList<>()).add(t);
            }
            for (List<Txn> group : byVersion.values()) {
                if (group.size() < 2) continue;
                StringBuilder sb = new StringBuilder();
                for (Txn t : group) sb.append(sb.length() == 0 ? "" : ", ").append(t.name());
                sb.append(" all read key ").append(Txn.show(info.key)).append(" = ").append(Txn.show(access(group.get(0).id(), info.id).externalRead))
                        .append(" and then appended to it: each update was made without seeing the others.");
                for (Txn t : group) sb.append("\n  ").append(t.describe());
                anomalies.add(new Anomaly("lost-update", group.stream().map(Txn::name).toList(), sb.toString()));
            }
        }
    }

    @Override
    public List<Anomaly> anomalies() {
        return anomalies;
    }

    @Override
    public void addEdges(DependencyGraph.Builder graph) {
        for (KeyInfo info : keys) {
            int previous = -1;
            for (int w : info.versionWriter) {
                if (w < 0) continue;
                if (previous >= 0 && previous != w && txns.get(previous).mayCommit() && txns.get(w).mayCommit()) graph.add(previous, w, DependencyGraph.WW);
                previous = w;
            }
        }
        addUnobservedAppends(graph);
        for (Txn t : txns) {
            if (!t.ok()) continue;
            for (Access a : access[t.id()]) {
                List<?> read = a.externalRead;
                if (read == null || !a.externalCompatible) continue;
                KeyInfo info = keys.get(a.key);
                if (!read.isEmpty()) {
                    int w = info.versionWriter[read.size() - 1];
                    if (w >= 0 && txns.get(w).mayCommit()) graph.add(w, t.id(), DependencyGraph.WR);
                }
                if (read.size() < info.longest.size()) {
                    int w = info.versionWriter[read.size()];
                    if (w >= 0 && txns.get(w).mayCommit()) graph.add(t.id(), w, DependencyGraph.RW);
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
        for (KeyInfo info : keys) for (int w : info.versionWriter) if (w >= 0) observed[w] = true;
        for (KeyInfo info : keys) {
            int n = info.longest.size();
            int lastWriter = n == 0 ? -1 : info.versionWriter[n - 1];
            for (Access a : info.touching) {
                if (!a.appended() || a.finalPosition() >= 0) continue;
                Txn t = txns.get(a.txn);
                if (t.failed() || !(t.ok() || observed[t.id()])) continue;
                int u = t.id();
                if (lastWriter >= 0 && txns.get(lastWriter).mayCommit()) graph.add(lastWriter, u, DependencyGraph.WW);
                for (int i = 0; i < info.reads.size(); i++) {
                    Access r = info.readAccess.get(i);
                    if (!info.incompatible[i] && info.reads.get(i).size() == n && r.externalRead != null && r.externalRead.size() == n) graph.add(r.txn, u, DependencyGraph.RW);
                }
            }
        }
    }

    private static Object last(List<?> l) {
        return l.get(l.size() - 1);
    }

    private boolean unobserved(int writer, Object key) {
        Access a = access(writer, key);
        return a != null && a.appended() && a.finalPosition() < 0;
    }

    @Override
    public String explain(int from, int to, int type) {
        Txn a = txns.get(from), b = txns.get(to);
        switch (type) {
            case DependencyGraph.WW -> {
                for (Access x : access[from]) {
                    KeyInfo info = keys.get(x.key);
                    Object key = x.keyValue;
                    int previous = -1;
                    for (int i = 0; i < info.longest.size(); i++) {
                        int w = info.versionWriter[i];
                        if (w < 0) continue;
                        if (previous >= 0 && w == to && info.versionWriter[previous] == from) {
                            return b.name() + " appended " + Txn.show(info.longest.get(i)) + " to key " + Txn.show(key) + " right after " + a.name() + " appended "
                                    + Txn.show(info.longest.get(previous)) + " (key " + Txn.show(key) + " was read as " + Txn.show(info.longest) + ")";
                        }
                        previous = i;
                    }
                    int n = info.longest.size();
                    if (unobserved(to, key) && n > 0 && info.versionWriter[n - 1] == from) {
                        return b.name() + "'s final append of " + Txn.show(last(access(to, key).appends)) + " to key " + Txn.show(key)
                                + ", which no read observed, must follow the longest read " + Txn.show(info.longest) + ", which ends with " + a.name() + "'s append";
                    }
                }
            }
            case DependencyGraph.WR -> {
                for (Access x : access[to]) {
                    List<?> read = x.externalRead;
                    if (read == null || read.isEmpty()) continue;
                    Object last = read.get(read.size() - 1);
                    Access w = keys.get(x.key).writer.get(last);
                    if (w != null && w.txn == from) {
                        return b.name() + " read key " + Txn.show(x.keyValue) + " = " + Txn.show(read) + ", observing " + a.name() + "'s append of " + Txn.show(last);
                    }
                }
            }
            case DependencyGraph.RW -> {
                for (Access x : access[from]) {
                    List<?> read = x.externalRead;
                    KeyInfo info = keys.get(x.key);
                    if (read == null || read.size() >= info.longest.size()) continue;
                    Object next = info.longest.get(read.size());
                    if (info.versionWriter[read.size()] == to) {
                        return a.name() + " read key " + Txn.show(x.keyValue) + " = " + Txn.show(read) + ", which did not include " + b.name() + "'s append of " + Txn.show(next);
                    }
                }
                for (Access x : access[from]) {
                    List<?> read = x.externalRead;
                    if (read != null && read.size() == keys.get(x.key).longest.size() && unobserved(to, x.keyValue)) {
                        return a.name() + " read key " + Txn.show(x.keyValue) + " = " + Txn.show(read) + ", which did not include " + b.name() + "'s committed append of "
                                + Txn.show(last(access(to, x.keyValue).appends)) + " (no read observed it, so it comes after every observed element)";
                    }
                }
            }
            default -> throw new IllegalArgumentException("not a data edge type: " + type);
        }
        throw new IllegalStateException("no " + DependencyGraph.typeName(type) + " edge from " + a.name() + " to " + b.name());
    }

    @Override
    public boolean readMisses(int reader, Object key, int writer) {
        Access r = access(reader, key);
        Access w = access(writer, key);
        if (r == null || r.externalRead == null || w == null || !w.appended()) return false;
        if (!r.externalCompatible) return false;
        int p = w.finalPosition();
        return p < 0 || r.externalRead.size() <= p;
    }

    @Override
    public Object missedWrite(int writer, int reader) {
        for (Access w : access[writer]) {
            if (!w.appended()) continue;
            Access r = access(reader, w.key);
            if (r == null || r.externalRead == null || !r.externalCompatible) continue;
            int p = w.finalPosition();
            if (p < 0 || r.externalRead.size() <= p) return w.keyValue;
        }
        return null;
    }

    @Override
    public Collection<Object> writtenKeys(int txn) {
        List<Object> out = new ArrayList<>(access[txn].length);
        for (Access a : access[txn]) if (a.appended()) out.add(a.keyValue);
        return out;
    }

    @Override
    public String readText(int reader, Object key) {
        Access r = access(reader, key);
        return r == null || r.externalRead == null ? null : "read key " + Txn.show(key) + " = " + Txn.show(r.externalRead);
    }

    @Override
    public String writeText(int writer, Object key) {
        List<Object> appends = access(writer, key).appends;
        return "append of " + Txn.show(appends.get(appends.size() - 1)) + " to key " + Txn.show(key);
    }
}
