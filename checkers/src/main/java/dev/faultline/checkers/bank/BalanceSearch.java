package dev.faultline.checkers.bank;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides whether some subset of transfers moves money by exactly a target vector (one entry per
 * account): a subset sum over vectors, exact up to a limit on the states held at once.
 *
 * <p>Identical transfers (same from, to, amount) are one group taken 0..k times. Groups are ordered
 * account by account (fewest transfers first), so once every group touching an account is placed
 * that account's sum must equal its target exactly; before that, each partial sum is pruned unless
 * the groups still to come can still reach the target. Partial sums are deduplicated, so many
 * transfers with few distinct amounts stay cheap; many distinct large amounts exhaust the limit,
 * and the answer is then {@link Outcome#UNDECIDED}, never a guess.
 */
final class BalanceSearch {
    enum Outcome { FOUND, NONE, UNDECIDED }

    /** Moves {@code amount} from account index {@code from} to account index {@code to}. */
    record Move(int from, int to, long amount) {}

    /** The outcome and, when FOUND, one subset that does it: {@code chosen[i]} for {@code moves.get(i)}. */
    record Result(Outcome outcome, boolean[] chosen) {
        static final Result NONE = new Result(Outcome.NONE, null);
        static final Result UNDECIDED = new Result(Outcome.UNDECIDED, null);
    }

    private BalanceSearch() {}

    static Result search(long[] target, List<Move> moves, int maxStates) {
        int n = target.length;
        if (isZero(target)) return new Result(Outcome.FOUND, new boolean[moves.size()]);
        Map<Move, List<Integer>> members = new LinkedHashMap<>();
        for (int i = 0; i < moves.size(); i++) {
            Move m = moves.get(i);
            if (m.from() != m.to() && m.amount() != 0) members.computeIfAbsent(m, k -> new ArrayList<>()).add(i);
        }
        List<Move> groups = eliminationOrder(members.keySet(), n);
        int g = groups.size();
        // reachIn[i][x] / reachOut[i][x]: most that groups i.. can still credit / debit account x.
        long[][] reachIn = new long[g + 1][n];
        long[][] reachOut = new long[g + 1][n];
        for (int i = g - 1; i >= 0; i--) {
            reachIn[i] = reachIn[i + 1].clone();
            reachOut[i] = reachOut[i + 1].clone();
            Move m = groups.get(i);
            long most = m.amount() * members.get(m).size();
            reachOut[i][m.from()] += most;
            reachIn[i][m.to()] += most;
        }
        for (int x = 0; x < n; x++) if (!reachable(target[x], 0, reachIn[0][x], reachOut[0][x])) return Result.NONE;

        Map<Sums, Sums> current = new HashMap<>();
        Sums start = new Sums(new long[n], null, 0);
        current.put(start, start);
        for (int i = 0; i < g; i++) {
            Move m = groups.get(i);
            int f = m.from(), t = m.to();
            int k = members.get(m).size();
            Map<Sums, Sums> next = new HashMap<>();
            for (Sums s : current.keySet()) {
                for (int j = 0; j <= k; j++) {
                    long moved = m.amount() * j;
                    long atFrom = s.v[f] - moved, atTo = s.v[t] + moved;
                    if (!reachable(target[t], atTo, reachIn[i + 1][t], reachOut[i + 1][t])
                            || !reachable(target[f], atFrom, reachIn[i + 1][f], reachOut[i + 1][f])) continue;
                    long[] v = s.v.clone();
                    v[f] = atFrom;
                    v[t] = atTo;
                    Sums q = new Sums(v, s, j);
                    next.putIfAbsent(q, q);
                }
            }
            if (next.isEmpty()) return Result.NONE;
            if (next.size() > maxStates) return Result.UNDECIDED;
            current = next;
        }
        // Every survivor equals the target (no reach is left); walk one back to the start.
        Sums end = current.keySet().iterator().next();
        boolean[] chosen = new boolean[moves.size()];
        int i = g - 1;
        for (Sums s = end; s.parent != null; s = s.parent, i--) {
            List<Integer> of = members.get(groups.get(i));
            for (int j = 0; j < s.taken; j++) chosen[of.get(j)] = true;
        }
        return new Result(Outcome.FOUND, chosen);
    }

    /**
     * The same question answered depth first, trying each group's preferred count first: finds an
     * explanation close to a guess quickly even when the breadth-first sums would outgrow any limit.
     * Exact when it finishes (FOUND or NONE); UNDECIDED once it has tried {@code maxNodes} counts.
     *
     * @param preferred {@code preferred[i]}: the guess takes {@code moves.get(i)}
     */
    static Result depthFirst(long[] target, List<Move> moves, boolean[] preferred, long maxNodes) {
        int n = target.length;
        if (isZero(target)) return new Result(Outcome.FOUND, new boolean[moves.size()]);
        Map<Move, List<Integer>> members = new LinkedHashMap<>();
        for (int i = 0; i < moves.size(); i++) {
            Move m = moves.get(i);
            if (m.from() != m.to() && m.amount() != 0) members.computeIfAbsent(m, k -> new ArrayList<>()).add(i);
        }
        List<Move> groups = eliminationOrder(members.keySet(), n);
        int g = groups.size();
        Depth d = new Depth(target, g, n, maxNodes);
        for (int i = g - 1; i >= 0; i--) {
            d.reachIn[i] = d.reachIn[i + 1].clone();
            d.reachOut[i] = d.reachOut[i + 1].clone();
            Move m = groups.get(i);
            List<Integer> of = members.get(m);
            of.sort((a, b) -> Boolean.compare(preferred[b], preferred[a])); // preferred members are taken first
            d.from[i] = m.from();
            d.to[i] = m.to();
            d.amount[i] = m.amount();
            d.count[i] = of.size();
            for (int j : of) if (preferred[j]) d.preferredCount[i]++;
            long most = m.amount() * of.size();
            d.reachOut[i][m.from()] += most;
            d.reachIn[i][m.to()] += most;
        }
        for (int x = 0; x < n; x++) if (!reachable(target[x], 0, d.reachIn[0][x], d.reachOut[0][x])) return Result.NONE;
        boolean found;
        try {
            found = d.place(0);
        } catch (OutOfNodes e) {
            return Result.UNDECIDED;
        }
        if (!found) return Result.NONE;
        boolean[] chosen = new boolean[moves.size()];
        for (int i = 0; i < g; i++) {
            List<Integer> of = members.get(groups.get(i));
            for (int j = 0; j < d.taken[i]; j++) chosen[of.get(j)] = true;
        }
        return new Result(Outcome.FOUND, chosen);
    }

    private static final class OutOfNodes extends RuntimeException {
        OutOfNodes() {
            super(null, null, false, false);
        }
    }

    /** The state of one depth-first search: group i moves {@code amount[i]} from {@code from[i]} to {@code to[i]}, up to {@code count[i]} times. */
    private static final class Depth {
        final long[] target;
        final long[] sum;
        final long[][] reachIn;
        final long[][] reachOut;
        final int[] from, to, count, preferredCount, taken;
        final long[] amount;
        final long maxNodes;
        long nodes;

        Depth(long[] target, int g, int n, long maxNodes) {
            this.target = target;
            this.sum = new long[n];
            this.reachIn = new long[g + 1][];
            this.reachOut = new long[g + 1][];
            reachIn[g] = new long[n];
            reachOut[g] = new long[n];
            from = new int[g];
            to = new int[g];
            count = new int[g];
            preferredCount = new int[g];
            taken = new int[g];
            amount = new long[g];
            this.maxNodes = maxNodes;
        }

        /** Places groups i.. ; true once every account equals its target. */
        boolean place(int i) {
            if (i == taken.length) return true;
            int f = from[i], t = to[i], k = count[i], p = preferredCount[i];
            // p, p-1, p+1, p-2, p+2, ...: the guess first, then ever further from it
            for (int step = 0; step <= k; step++) {
                for (int side = 0; side < 2; side++) {
                    int j = side == 0 ? p - step : p + step;
                    if (j < 0 || j > k || (step == 0 && side == 1)) continue;
                    if (++nodes > maxNodes) throw new OutOfNodes();
                    long moved = amount[i] * j;
                    sum[f] -= moved;
                    sum[t] += moved;
                    if (reachable(target[t], sum[t], reachIn[i + 1][t], reachOut[i + 1][t])
                            && reachable(target[f], sum[f], reachIn[i + 1][f], reachOut[i + 1][f])) {
                        taken[i] = j;
                        if (place(i + 1)) return true;
                    }
                    sum[f] += moved;
                    sum[t] -= moved;
                }
            }
            return false;
        }
    }

    /**
     * A relaxation of {@link #search}: can each account alone reach its target with the moves that
     * touch it? False means no subset does it; true proves nothing. Cheap: a bitset per account.
     */
    static boolean eachAccountReachable(long[] target, List<Move> moves) {
        for (int x = 0; x < target.length; x++) {
            if (target[x] == 0) continue;
            long credit = 0, debit = 0;
            List<Long> deltas = new ArrayList<>();
            for (Move m : moves) {
                if (m.from() == m.to()) continue;
                if (m.to() == x) { deltas.add(m.amount()); credit += m.amount(); }
                else if (m.from() == x) { deltas.add(-m.amount()); debit += m.amount(); }
            }
            if (target[x] > credit || -target[x] > debit) return false;
            long gcd = 0;
            for (long d : deltas) gcd = gcd(gcd, Math.abs(d));
            if (target[x] % gcd != 0) return false;
            long span = credit + debit;
            if (span > 50_000_000) continue; // too wide for a bitset: the bounds and the gcd must do
            BitSet reach = new BitSet((int) span + 1);
            reach.set((int) debit); // offset: sum s is bit s + debit
            for (long d : deltas) {
                BitSet shifted = d > 0 ? shiftUp(reach, (int) d) : shiftDown(reach, (int) -d);
                reach.or(shifted);
            }
            if (!reach.get((int) (target[x] + debit))) return false;
        }
        return true;
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    private static BitSet shiftUp(BitSet b, int by) {
        BitSet out = new BitSet(b.length() + by);
        for (int i = b.nextSetBit(0); i >= 0; i = b.nextSetBit(i + 1)) out.set(i + by);
        return out;
    }

    private static BitSet shiftDown(BitSet b, int by) {
        return b.get(by, Math.max(by, b.length()));
    }

    private static boolean isZero(long[] v) {
        for (long x : v) if (x != 0) return false;
        return true;
    }

    private static boolean reachable(long target, long sum, long canCredit, long canDebit) {
        long gap = target - sum;
        return gap <= canCredit && -gap <= canDebit;
    }

    /** Groups of the account with the fewest groups first, then the next such account, and so on. */
    private static List<Move> eliminationOrder(Set<Move> groups, int accounts) {
        int[] degree = new int[accounts];
        for (Move m : groups) {
            degree[m.from()]++;
            degree[m.to()]++;
        }
        List<Move> left = new ArrayList<>(groups);
        List<Move> order = new ArrayList<>(groups.size());
        boolean[] done = new boolean[accounts];
        while (!left.isEmpty()) {
            int pick = -1;
            for (int x = 0; x < accounts; x++)
                if (!done[x] && degree[x] > 0 && (pick < 0 || degree[x] < degree[pick])) pick = x;
            done[pick] = true;
            List<Move> rest = new ArrayList<>(left.size());
            for (Move m : left) {
                if (m.from() == pick || m.to() == pick) {
                    order.add(m);
                    degree[m.from()]--;
                    degree[m.to()]--;
                } else {
                    rest.add(m);
                }
            }
            left = rest;
        }
        return order;
    }

    /** A partial sum; {@code parent} and {@code taken} (how many of the group were taken) lead back to the start. */
    private static final class Sums {
        final long[] v;
        final Sums parent;
        final int taken;
        private final int hash;

        Sums(long[] v, Sums parent, int taken) {
            this.v = v;
            this.parent = parent;
            this.taken = taken;
            this.hash = Arrays.hashCode(v);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Sums s && s.hash == hash && Arrays.equals(s.v, v);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
