package dev.faultline.checkers.txn;

import static dev.faultline.checkers.txn.DependencyGraph.DATA;
import static dev.faultline.checkers.txn.DependencyGraph.RW;
import static dev.faultline.checkers.txn.DependencyGraph.WR;
import static dev.faultline.checkers.txn.DependencyGraph.WW;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Finds, in each strongly connected component of the dependency graph, a shortest cycle of each
 * anomaly class, as Elle does: a cycle of a class starts with an edge of a given type and closes
 * through a breadth-first search restricted to the edge types the class allows. The search state
 * is (transaction, whether the last edge was rw, whether two rw edges were seen, whether a
 * process/real-time edge was used), so the constraints of G-nonadjacent (rw edges never adjacent)
 * and of the -process/-realtime variants (at least one such edge) are met exactly, not filtered
 * after the fact.
 *
 * <p>Each class search has a step budget per component; a class whose search runs out is
 * reported in {@link Result#gaveUp()}.
 */
final class CycleSearch {
    /** How the cycles of one class are searched: the type of the first edge, the types allowed after it, and constraints. */
    private record Spec(String name, int start, int path, boolean nonadjacent, boolean needsExtra) {}

    /**
     * @param cycles cycles found, by {@link Cycle#anomaly()} name, at most one per class and component
     * @param gaveUp "class in a component of N transactions" for each search whose budget ran out
     */
    record Result(Map<String, List<Cycle>> cycles, List<String> gaveUp) {}

    private final DependencyGraph g;
    private final long budgetPerSearch;
    private int[] component;
    private int[] seen;
    private int[] parent;
    private byte[] parentType;
    private int stamp;
    private int[] queue;
    private long steps;

    CycleSearch(DependencyGraph g, long budgetPerSearch) {
        this.g = g;
        this.budgetPerSearch = budgetPerSearch;
    }

    /**
     * @param extras   PROCESS and/or REALTIME: the order edges the model adds to the data edges
     * @param wanted   which class names (with suffix) to look for
     */
    Result find(int extras, Predicate<String> wanted) {
        Map<String, List<Cycle>> found = new LinkedHashMap<>();
        List<String> gaveUp = new ArrayList<>();
        component = new int[g.nodes()];
        List<int[]> sccs = StronglyConnected.components(g, DATA | extras, component);
        if (sccs.isEmpty()) return new Result(found, gaveUp);
        seen = new int[g.nodes() * 8];
        parent = new int[g.nodes() * 8];
        parentType = new byte[g.nodes() * 8];
        queue = new int[g.nodes() * 8];
        List<Spec> specs = specs(extras);
        Map<Integer, int[]> pathComponents = new java.util.HashMap<>();
        for (Spec spec : specs) {
            if (!pathComponents.containsKey(spec.path())) {
                int[] pc = new int[g.nodes()];
                StronglyConnected.components(g, spec.path(), new int[g.nodes()], pc);
                pathComponents.put(spec.path(), pc);
            }
        }
        for (int c = 0; c < sccs.size(); c++) {
            java.util.Set<String> here = new java.util.HashSet<>();
            for (Spec spec : specs) {
                if (!wantedAny(spec, wanted) || here.contains(spec.name())) continue;
                steps = 0;
                Cycle cycle = search(sccs.get(c), c, spec, extras, pathComponents.get(spec.path()));
                if (cycle == null) {
                    if (steps > budgetPerSearch) gaveUp.add(spec.name() + " in a component of " + sccs.get(c).length + " transactions");
                    continue;
                }
                String name = cycle.anomaly();
                if (here.add(name) && wanted.test(name)) found.computeIfAbsent(name, k -> new ArrayList<>()).add(cycle);
            }
        }
        return new Result(found, gaveUp);
    }

    private static boolean wantedAny(Spec spec, Predicate<String> wanted) {
        // A search may classify its cycle as a neighbouring class (a G1c search over ww|wr can close with
        // ww only): look whenever the named class is wanted.
        return wanted.test(spec.name());
    }

    private static List<Spec> specs(int extras) {
        List<Spec> out = new ArrayList<>(List.of(
                new Spec("G0", WW, WW, false, false),
                new Spec("G1c", WR, WW | WR, false, false),
                new Spec("G-single", RW, WW | WR, false, false),
                new Spec("G-nonadjacent", RW, DATA, true, false),
                new Spec("G2-item", RW, DATA, false, false)));
        if (extras != 0) {
            String suffix = (extras & DependencyGraph.REALTIME) != 0 ? "-realtime" : "-process";
            out.add(new Spec("G0" + suffix, extras, WW | extras, false, true));
            out.add(new Spec("G1c" + suffix, extras, WW | WR | extras, false, true));
            out.add(new Spec("G-single" + suffix, RW, WW | WR | extras, false, true));
            out.add(new Spec("G-nonadjacent" + suffix, RW, DATA | extras, true, true));
            out.add(new Spec("G2-item" + suffix, RW, DATA | extras, false, true));
        }
        return out;
    }

    /**
     * Tries each start edge inside the component until a cycle closes or the budget runs out. Edges
     * whose ends lie in one strongly connected component of the path's edge types go first: the
     * path back surely exists there (for G-single, G1c and G0 the first such edge closes a cycle),
     * so a big component with one G-single costs one search, not one per rw edge. The other edges
     * are tried only when b can still reach a (b's component completed later in Tarjan's order).
     */
    private Cycle search(int[] members, int c, Spec spec, int extras, int[] pathComponent) {
        // When the start edge's types are among the path's, both ends of a cycle's start edge are
        // in one component of the path types: the second pass could find nothing.
        int passes = (spec.start() & spec.path()) == spec.start() ? 1 : 2;
        for (int pass = 0; pass < passes; pass++) {
            Cycle cycle = search(members, c, spec, extras, pathComponent, pass == 0);
            if (cycle != null || steps > budgetPerSearch) return cycle;
        }
        return null;
    }

    private Cycle search(int[] members, int c, Spec spec, int extras, int[] pathComponent, boolean sameComponent) {
        for (int a : members) {
            for (int e = g.start(a); e < g.end(a); e++) {
                int b = g.target(e);
                int types = g.mask(e) & spec.start();
                if (types == 0 || component[b] != c) continue;
                boolean same = pathComponent[a] == pathComponent[b];
                if (same != sameComponent) continue;
                if (!same && pathComponent[b] < pathComponent[a]) continue; // b cannot reach a over the path's types
                for (int t = 1; t <= types; t <<= 1) {
                    if ((types & t) == 0) continue;
                    Cycle cycle = close(a, b, t, c, spec, extras);
                    if (cycle != null) return cycle;
                    if (steps > budgetPerSearch) return null;
                }
            }
        }
        return null;
    }

    private static final int LAST_RW = 1, TWO_RW = 2, EXTRA = 4;

    /** Breadth-first search from b back to a, after the start edge a -> b of type t. */
    private Cycle close(int a, int b, int t, int c, Spec spec, int extras) {
        stamp++;
        int flags = 0;
        if (t == RW && spec.nonadjacent()) flags |= LAST_RW;
        if ((t & extras) != 0) flags |= EXTRA;
        int first = b * 8 + flags;
        int head = 0, tail = 0;
        queue[tail++] = first;
        seen[first] = stamp;
        parent[first] = -1;
        while (head < tail) {
            int state = queue[head++];
            int u = state >>> 3;
            int f = state & 7;
            if (u == a && accepts(f, spec)) return cycle(a, t, state);
            if (u == a) continue; // the cycle must close here, not pass through the start
            for (int e = g.start(u); e < g.end(u); e++) {
                steps++;
                int v = g.target(e);
                if (component[v] != c) continue;
                int types = g.mask(e) & spec.path();
                for (int x = 1; x <= types; x <<= 1) {
                    if ((types & x) == 0) continue;
                    int nf = f;
                    if (spec.nonadjacent()) {
                        if (x == RW) {
                            if ((f & LAST_RW) != 0) continue;
                            nf |= LAST_RW | TWO_RW;
                        } else {
                            nf &= ~LAST_RW;
                        }
                    }
                    if (spec.needsExtra() && (x & extras) != 0) nf |= EXTRA;
                    if (!spec.needsExtra()) nf &= ~EXTRA;
                    int next = v * 8 + nf;
                    if (seen[next] == stamp) continue;
                    seen[next] = stamp;
                    parent[next] = state;
                    parentType[next] = (byte) x;
                    queue[tail++] = next;
                }
            }
            if (steps > budgetPerSearch) return null;
        }
        return null;
    }

    private static boolean accepts(int flags, Spec spec) {
        if (spec.nonadjacent() && ((flags & LAST_RW) != 0 || (flags & TWO_RW) == 0)) return false;
        return !spec.needsExtra() || (flags & EXTRA) != 0;
    }

    private Cycle cycle(int a, int startType, int end) {
        List<Integer> nodes = new ArrayList<>();
        List<Integer> types = new ArrayList<>();
        for (int s = end; parent[s] >= 0; s = parent[s]) {
            nodes.add(parent[s] >>> 3);
            types.add((int) parentType[s]);
        }
        nodes.add(a);
        types.add(startType);
        Collections.reverse(nodes);
        Collections.reverse(types);
        return new Cycle(nodes, types);
    }
}
