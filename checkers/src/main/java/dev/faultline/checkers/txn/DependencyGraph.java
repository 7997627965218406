package dev.faultline.checkers.txn;

import java.util.Arrays;

/**
 * The dependency graph between transactions (Adya's direct serialization graph, plus process and
 * real-time order), as compressed adjacency arrays. Nodes are {@link Txn#id()}s; an edge carries
 * the set of its types as a bit mask.
 */
public final class DependencyGraph {
    /** Write-write: the source's write is the version right before the target's. */
    public static final int WW = 1;
    /** Write-read: the target read the source's write. */
    public static final int WR = 2;
    /** Read-write (anti-dependency): the source read a version the target overwrote. */
    public static final int RW = 4;
    /** Process order: the same process ran the source, then the target. */
    public static final int PROCESS = 8;
    /** Real-time order: the source completed before the target was invoked. */
    public static final int REALTIME = 16;
    public static final int DATA = WW | WR | RW;

    private final int nodes;
    private final int[] offsets;
    private final int[] targets;
    private final byte[] masks;

    private DependencyGraph(int nodes, int[] offsets, int[] targets, byte[] masks) {
        this.nodes = nodes;
        this.offsets = offsets;
        this.targets = targets;
        this.masks = masks;
    }

    public int nodes() {
        return nodes;
    }

    public int edges() {
        return targets.length;
    }

    /** Index range [start(n), end(n)) of n's out-edges in {@link #target}/{@link #mask}. */
    public int start(int node) {
        return offsets[node];
    }

    public int end(int node) {
        return offsets[node + 1];
    }

    public int target(int edge) {
        return targets[edge];
    }

    public int mask(int edge) {
        return masks[edge];
    }

    /** The types of the edge from a to b, or 0 if there is none. */
    public int mask(int a, int b) {
        int lo = offsets[a], hi = offsets[a + 1] - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (targets[mid] < b) lo = mid + 1;
            else if (targets[mid] > b) hi = mid - 1;
            else return masks[mid];
        }
        return 0;
    }

    public static String typeName(int type) {
        return switch (type) {
            case WW -> "ww";
            case WR -> "wr";
            case RW -> "rw";
            case PROCESS -> "process";
            case REALTIME -> "realtime";
            default -> throw new IllegalArgumentException("not a single edge type: " + type);
        };
    }

    /** Collects edges in any order, with duplicates; {@link #build} merges them (once: the builder is spent after). */
    public static final class Builder {
        private static final int MAX_NODES = 1 << 26;
        private final int nodes;
        private long[] codes = new long[1024];
        private int size;

        public Builder(int nodes) {
            if (nodes >= MAX_NODES) throw new IllegalArgumentException("too many transactions: " + nodes + " (at most " + (MAX_NODES - 1) + ")");
            this.nodes = nodes;
        }

        public void add(int from, int to, int type) {
            if (codes == null) throw new IllegalStateException("the graph was already built");
            if (from == to) return;
            if (size == codes.length) codes = Arrays.copyOf(codes, size * 2);
            codes[size++] = ((long) from << 37) | ((long) to << 5) | type;
        }

        /**
         * Buckets the edges by source (a counting sort), then sorts each source's few targets and
         * merges duplicates: linear in the edges but for the per-source sorts.
         */
        public DependencyGraph build() {
            if (codes == null) throw new IllegalStateException("the graph was already built");
            int[] offsets = new int[nodes + 1];
            for (int i = 0; i < size; i++) offsets[(int) (codes[i] >>> 37) + 1]++;
            for (int i = 0; i < nodes; i++) offsets[i + 1] += offsets[i];
            int[] next = Arrays.copyOf(offsets, nodes);
            int[] packed = new int[size]; // (target << 5) | type, grouped by source
            for (int i = 0; i < size; i++) {
                long code = codes[i];
                packed[next[(int) (code >>> 37)]++] = (int) (code & ((1L << 37) - 1));
            }
            codes = null;
            int[] targets = new int[size];
            byte[] masks = new byte[size];
            int n = 0;
            for (int v = 0; v < nodes; v++) {
                int from = offsets[v], to = offsets[v + 1];
                Arrays.sort(packed, from, to);
                offsets[v] = n;
                for (int i = from; i < to; i++) {
                    int target = packed[i] >>> 5;
                    if (n > offsets[v] && targets[n - 1] == target) {
                        masks[n - 1] |= (byte) (packed[i] & 31);
                        continue;
                    }
                    targets[n] = target;
                    masks[n] = (byte) (packed[i] & 31);
                    n++;
                }
            }
            offsets[nodes] = n;
            return new DependencyGraph(nodes, offsets, Arrays.copyOf(targets, n), Arrays.copyOf(masks, n));
        }
    }
}
