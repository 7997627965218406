package dev.faultline.checkers.txn;

import java.util.List;

/** Tells a cycle as a story, in Elle's manner: the transactions, then why each precedes the next, ending in a contradiction. */
final class Explainer {
    private final List<Txn> txns;
    private final TxnAnalysis analysis;

    Explainer(List<Txn> txns, TxnAnalysis analysis) {
        this.txns = txns;
        this.analysis = analysis;
    }

    Anomaly anomaly(Cycle cycle) {
        List<Integer> nodes = cycle.nodes();
        StringBuilder chain = new StringBuilder();
        for (int n : nodes) chain.append(txns.get(n).name()).append(" < ");
        chain.append(txns.get(nodes.get(0)).name());
        StringBuilder sb = new StringBuilder(chain).append(", a cycle.\n  Let:");
        for (int n : nodes) sb.append("\n    ").append(txns.get(n).describe());
        sb.append("\n  Then:");
        for (int i = 0; i < nodes.size(); i++) {
            int from = nodes.get(i), to = nodes.get((i + 1) % nodes.size());
            int type = cycle.types().get(i);
            sb.append("\n    ").append(i == nodes.size() - 1 && i > 0 ? "However, " : "").append(txns.get(from).name()).append(" < ").append(txns.get(to).name())
                    .append(" (").append(DependencyGraph.typeName(type)).append("), because ").append(edge(from, to, type))
                    .append(i == nodes.size() - 1 ? ": a contradiction." : ".");
        }
        return new Anomaly(cycle.anomaly(), nodes.stream().map(n -> txns.get(n).name()).toList(), sb.toString(),
                cycle.types().stream().map(DependencyGraph::typeName).toList());
    }

    private String edge(int from, int to, int type) {
        Txn a = txns.get(from), b = txns.get(to);
        return switch (type) {
            case DependencyGraph.PROCESS -> "process " + a.process() + " ran " + a.name() + " and then " + b.name();
            case DependencyGraph.REALTIME -> a.name() + " completed (op " + a.complete() + ") before " + b.name() + " was invoked (op " + b.invoke() + ")";
            default -> analysis.explain(from, to, type);
        };
    }
}
