package dev.faultline.checkers.txn;

import dev.faultline.checkers.Checker;
import dev.faultline.checkers.history.History;
import dev.faultline.checkers.result.CheckResult;
import dev.faultline.checkers.result.Validity;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Checks a history of transactions against a consistency model, in the manner of Elle: infer each
 * key's version order from the workload's shape, build the dependency graph (ww, wr, rw, plus
 * process or real-time order when the model needs them), report what the model forbids: anomalies
 * seen directly (aborted reads, internal inconsistencies, ...) and cycles, each explained in words.
 * See docs/transactions.md.
 */
public final class TxnChecker implements Checker {
    /** Explained anomalies kept per type (counts stay exact). */
    public static final int EXPLAINED_PER_TYPE = 8;
    /** Default edge relaxations allowed per cycle class per strongly connected component. */
    public static final long DEFAULT_SEARCH_BUDGET = 20_000_000L;

    /** The shape of the transactions' data. */
    public enum Workload {
        /** Keys are lists: {@code [append k v]}, {@code [r k [v1 v2]]}. */
        LIST_APPEND("list-append", ListAppend::new),
        /** Keys are registers: {@code [w k v]}, {@code [r k v]}; nil is the initial state. */
        RW_REGISTER("rw-register", RwRegister::new);

        private final String wireName;
        private final Function<List<Txn>, TxnAnalysis> analysis;

        Workload(String wireName, Function<List<Txn>, TxnAnalysis> analysis) {
            this.wireName = wireName;
            this.analysis = analysis;
        }

        public String wireName() {
            return wireName;
        }

        /** @throws IllegalArgumentException naming the known workloads */
        public static Workload byName(String name) {
            for (Workload w : values()) if (w.wireName.equals(name)) return w;
            throw new IllegalArgumentException("unknown transactional workload '" + name + "' (known: list-append, rw-register)");
        }
    }

    private final Workload workload;
    private final ConsistencyModel model;
    private final long searchBudget;

    public TxnChecker(Workload workload, ConsistencyModel model) {
        this(workload, model, DEFAULT_SEARCH_BUDGET);
    }

    public TxnChecker(Workload workload, ConsistencyModel model, long searchBudget) {
        this.workload = workload;
        this.model = model;
        this.searchBudget = searchBudget;
    }

    @Override
    public String name() {
        return workload.wireName();
    }

    @Override
    public CheckResult check(History history) {
        List<Txn> txns = TxnHistory.of(history);
        TxnAnalysis analysis;
        try {
            analysis = workload.analysis.apply(txns);
        } catch (IllegalArgumentException e) {
            return CheckResult.of(name(), Validity.UNKNOWN, "cannot check as " + workload.wireName() + ": " + e.getMessage());
        }
        List<Anomaly> anomalies = new ArrayList<>(analysis.anomalies());
        DependencyGraph.Builder builder = new DependencyGraph.Builder(txns.size());
        analysis.addEdges(builder);
        if ((model.extraEdges() & DependencyGraph.PROCESS) != 0) addProcessOrder(txns, builder);
        if ((model.extraEdges() & DependencyGraph.REALTIME) != 0) addRealtimeOrder(txns, builder);
        DependencyGraph graph = builder.build();
        if (model.forbids("fractured-read")) anomalies.addAll(fracturedReads(txns, graph, analysis));
        CycleSearch.Result cycles = new CycleSearch(graph, searchBudget).find(model.extraEdges(), model::forbids);
        Explainer explainer = new Explainer(txns, analysis);
        for (List<Cycle> list : cycles.cycles().values()) for (Cycle c : list) anomalies.add(explainer.anomaly(c));
        return result(txns.size(), graph.edges(), anomalies, cycles.gaveUp());
    }

    /** Consecutive transactions of each process, ok or indeterminate (a failed one never happened). */
    static void addProcessOrder(List<Txn> txns, DependencyGraph.Builder builder) {
        Map<Integer, Integer> last = new HashMap<>();
        for (Txn t : txns) {
            if (!t.mayCommit()) continue;
            Integer previous = last.put(t.process(), t.id());
            if (previous != null) builder.add(previous, t.id(), DependencyGraph.PROCESS);
        }
    }

    /**
     * T1 -> T2 when T1 completed ok before T2 was invoked, as a transitive reduction: each new
     * transaction gets edges only from the frontier (completed transactions not yet known to
     * precede another completed one), so the edge count stays linear in the concurrency.
     */
    static void addRealtimeOrder(List<Txn> txns, DependencyGraph.Builder builder) {
        int n = txns.size();
        long[] byCompletion = new long[n]; // (completion index << 26) | id, ok transactions only
        int oks = 0;
        for (Txn t : txns) if (t.ok()) byCompletion[oks++] = (t.complete() << 26) | t.id();
        Arrays.sort(byCompletion, 0, oks);
        Frontier frontier = new Frontier(n);
        int[] predStart = new int[n + 1]; // an ok transaction's frontier when it was invoked: preds[predStart[id], predEnd[id])
        int[] predEnd = new int[n];
        int[] preds = new int[Math.max(16, n)];
        int predSize = 0;
        int c = 0;
        for (Txn t : txns) { // in invocation order
            while (c < oks && (byCompletion[c] >>> 26) < t.invoke()) {
                int done = (int) (byCompletion[c++] & ((1 << 26) - 1));
                for (int i = predStart[done]; i < predEnd[done]; i++) frontier.remove(preds[i]);
                frontier.add(done);
            }
            if (!t.mayCommit()) continue;
            for (int i = 0; i < frontier.size; i++) builder.add(frontier.members[i], t.id(), DependencyGraph.REALTIME);
            if (!t.ok()) continue;
            if (predSize + frontier.size > preds.length) preds = Arrays.copyOf(preds, Math.max(preds.length * 2, predSize + frontier.size));
            System.arraycopy(frontier.members, 0, preds, predSize, frontier.size);
            predStart[t.id()] = predSize;
            predSize += frontier.size;
            predEnd[t.id()] = predSize;
        }
    }

    /** A set of transaction ids with constant-time add and remove (swap with the last). */
    private static final class Frontier {
        final int[] slot; // id -> index in members, or -1
        int[] members = new int[16];
        int size;

        Frontier(int n) {
            slot = new int[n];
            Arrays.fill(slot, -1);
        }

        void add(int id) {
            if (slot[id] >= 0) return;
            if (size == members.length) members = Arrays.copyOf(members, size * 2);
            slot[id] = size;
            members[size++] = id;
        }

        void remove(int id) {
            int i = slot[id];
            if (i < 0) return;
            int last = members[--size];
            members[i] = last;
            slot[last] = i;
            slot[id] = -1;
        }
    }

    /** Read atomicity: a transaction that observed T1's write to one key must not miss T1's write to another. */
    private static List<Anomaly> fracturedReads(List<Txn> txns, DependencyGraph g, TxnAnalysis analysis) {
        List<Anomaly> out = new ArrayList<>();
        for (int w = 0; w < g.nodes(); w++) {
            for (int e = g.start(w); e < g.end(w); e++) {
                if ((g.mask(e) & DependencyGraph.WR) == 0) continue;
                int t = g.target(e);
                Object key = analysis.missedWrite(w, t);
                if (key == null) continue;
                Txn writer = txns.get(w), reader = txns.get(t);
                out.add(Anomaly.of("fractured-read", analysis.explain(w, t, DependencyGraph.WR) + ", but " + reader.name() + " "
                        + analysis.readText(t, key) + ", missing " + writer.name() + "'s " + analysis.writeText(w, key)
                        + ": it saw only part of " + writer.name() + "'s effects.\n  " + writer.describe() + "\n  " + reader.describe(), writer, reader));
            }
        }
        return out;
    }

    private CheckResult result(int transactions, int edges, List<Anomaly> anomalies, List<String> gaveUp) {
        Map<String, List<Anomaly>> byType = new LinkedHashMap<>();
        for (Anomaly a : anomalies) byType.computeIfAbsent(a.type(), k -> new ArrayList<>()).add(a);
        Map<String, Integer> counts = new LinkedHashMap<>();
        List<String> forbidden = new ArrayList<>();
        List<Anomaly> explained = new ArrayList<>();
        List<CheckResult> children = new ArrayList<>();
        for (Map.Entry<String, List<Anomaly>> e : byType.entrySet()) {
            String type = e.getKey();
            List<Anomaly> list = e.getValue();
            counts.put(type, list.size());
            boolean bad = model.forbids(type);
            if (bad) forbidden.add(type);
            List<Anomaly> kept = list.subList(0, Math.min(EXPLAINED_PER_TYPE, list.size()));
            explained.addAll(kept);
            children.add(new CheckResult(type, bad ? Validity.INVALID : Validity.VALID,
                    list.size() + " found" + (bad ? "" : ", allowed by " + model.wireName()) + "; " + firstLine(list.get(0)), List.copyOf(kept), List.of()));
        }
        Validity validity = !forbidden.isEmpty() ? Validity.INVALID : gaveUp.isEmpty() ? Validity.VALID : Validity.UNKNOWN;
        String summary;
        if (validity == Validity.INVALID) {
            StringBuilder sb = new StringBuilder();
            for (String type : forbidden) sb.append(sb.length() == 0 ? "" : ", ").append(type).append(" x").append(counts.get(type));
            summary = "not " + model.wireName() + ": " + sb + "; e.g. " + firstLine(byType.get(forbidden.get(0)).get(0));
        } else {
            summary = String.format(Locale.ROOT, "%s: no anomaly that %s forbids among %,d transactions (%,d dependency edges)",
                    validity == Validity.VALID ? model.wireName() : "undecided", model.wireName(), transactions, edges);
            if (!counts.isEmpty()) summary += "; allowed: " + counts;
            if (!gaveUp.isEmpty()) summary += "; the cycle search ran out of budget for " + String.join(", ", gaveUp);
        }
        TxnReport report = new TxnReport(workload.wireName(), model.wireName(), transactions, edges, counts, forbidden, explained, gaveUp);
        return new CheckResult(name(), validity, summary, report, children);
    }

    private static String firstLine(Anomaly a) {
        String s = a.explanation();
        int nl = s.indexOf('\n');
        return a.type() + ": " + (nl < 0 ? s : s.substring(0, nl));
    }
}
