package dev.faultline.checkers.txn;

import java.util.List;

/**
 * A cycle in the dependency graph: {@code nodes.get(i)} precedes {@code nodes.get(i + 1)} (and the
 * last precedes the first) because of an edge of type {@code types.get(i)}.
 */
record Cycle(List<Integer> nodes, List<Integer> types) {
    Cycle {
        nodes = List.copyOf(nodes);
        types = List.copyOf(types);
        if (nodes.size() != types.size() || nodes.size() < 2) throw new IllegalArgumentException("malformed cycle " + nodes + " " + types);
    }

    /** Elle's name for the cycle: G0, G1c, G-single, G-nonadjacent or G2-item, with -process or -realtime if it needs those edges. */
    String anomaly() {
        int n = types.size();
        int rw = 0;
        boolean wr = false, adjacentRw = false, realtime = false, process = false;
        for (int i = 0; i < n; i++) {
            int t = types.get(i);
            if (t == DependencyGraph.RW) {
                rw++;
                if (types.get((i + 1) % n) == DependencyGraph.RW) adjacentRw = true;
            }
            wr |= t == DependencyGraph.WR;
            realtime |= t == DependencyGraph.REALTIME;
            process |= t == DependencyGraph.PROCESS;
        }
        String base;
        if (rw == 0) base = wr ? "G1c" : "G0";
        else if (rw == 1) base = "G-single";
        else base = adjacentRw ? "G2-item" : "G-nonadjacent";
        return base + (realtime ? "-realtime" : process ? "-process" : "");
    }
}
