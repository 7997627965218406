package dev.faultline.checkers.txn;

import java.util.ArrayList;
import java.util.List;

/** Tarjan's strongly connected components over the edges whose type is in a mask, iteratively (no recursion limit). */
final class StronglyConnected {
    private StronglyConnected() {}

    /**
     * Component of each node: {@code component[n]} is the index of n's component in the returned
     * list, or -1 if n is alone with no cycle through it.
     *
     * @return the components with at least two nodes, each as its node list
     */
    static List<int[]> components(DependencyGraph g, int mask, int[] component) {
        return components(g, mask, component, null);
    }

    /**
     * As {@link #components(DependencyGraph, int, int[])}, also numbering every component, trivial
     * ones included, in the order Tarjan completes them: {@code completion[n]}. If a node reaches
     * another in a different component, the other's number is smaller (components complete after
     * everything they reach).
     */
    static List<int[]> components(DependencyGraph g, int mask, int[] component, int[] completion) {
        int n = g.nodes();
        int[] index = new int[n];
        int[] low = new int[n];
        boolean[] onStack = new boolean[n];
        java.util.Arrays.fill(index, -1);
        java.util.Arrays.fill(component, -1);
        int[] stack = new int[n];
        int sp = 0;
        int[] callNode = new int[n];
        int[] callEdge = new int[n];
        int next = 0;
        int completed = 0;
        List<int[]> out = new ArrayList<>();
        for (int root = 0; root < n; root++) {
            if (index[root] >= 0) continue;
            int depth = 0;
            callNode[0] = root;
            callEdge[0] = g.start(root);
            index[root] = low[root] = next++;
            stack[sp++] = root;
            onStack[root] = true;
            while (depth >= 0) {
                int v = callNode[depth];
                int e = callEdge[depth];
                if (e < g.end(v)) {
                    callEdge[depth]++;
                    if ((g.mask(e) & mask) == 0) continue;
                    int w = g.target(e);
                    if (index[w] < 0) {
                        index[w] = low[w] = next++;
                        stack[sp++] = w;
                        onStack[w] = true;
                        depth++;
                        callNode[depth] = w;
                        callEdge[depth] = g.start(w);
                    } else if (onStack[w]) {
                        low[v] = Math.min(low[v], index[w]);
                    }
                    continue;
                }
                if (low[v] == index[v]) {
                    int count = 0;
                    while (stack[sp - 1 - count] != v) count++;
                    count++;
                    if (completion != null) for (int i = 0; i < count; i++) completion[stack[sp - 1 - i]] = completed;
                    completed++;
                    if (count == 1) {
                        onStack[v] = false;
                        sp--;
                    } else {
                        int[] members = new int[count];
                        for (int i = 0; i < count; i++) {
                            int w = stack[--sp];
                            onStack[w] = false;
                            members[i] = w;
                            component[w] = out.size();
                        }
                        java.util.Arrays.sort(members);
                        out.add(members);
                    }
                }
                depth--;
                if (depth >= 0) {
                    int parent = callNode[depth];
                    low[parent] = Math.min(low[parent], low[v]);
                }
            }
        }
        return out;
    }
}
