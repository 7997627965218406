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

    /** Collects edges in any order, with duplicates; {@link #build} merges them. */
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
            if (from == to) return;
            if (size == codes.length) codes = Arrays.copyOf(codes, size * 2);
            codes[size++] = ((long) from << 37) | ((long) to << 5) | type;
        }

        public DependencyGraph build() {
            long[] sorted = Arrays.copyOf(codes, size);
            Arrays.sort(sorted);
            int[] offsets = new int[nodes + 1];
            int[] targets = new int[size];
            byte[] masks = new byte[size];
            int n = 0;
            long previous = -1;
            for (long code : sorted) {
                long pair = code >>> 5;
                int from = (int) (code >>> 37);
                if (pair == previous) {
                    masks[n - 1] |= (byte) (code & 31);
                    continue;
                }
                previous = pair;
                targets[n] = (int) ((code >>> 5) & ((1L << 32) - 1));
                masks[n] = (byte) (code & 31);
                offsets[from + 1]++;
                n++;
            }
            for (int i = 0; i < nodes; i++) offsets[i + 1] += offsets[i];
            return new DependencyGraph(nodes, offsets, Arrays.copyOf(targets, n), Arrays.copyOf(masks, n));
        }
    }
}
