package dev.faultline.checkers.bank;

import dev.faultline.checkers.bank.BalanceSearch.Move;
import dev.faultline.checkers.bank.BankReport.ApproximatedRead;
import dev.faultline.checkers.bank.BankReport.TransferRef;
import dev.faultline.checkers.bank.BankReport.UnexplainedRead;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks each ok read's balances against the transfers it may reflect. Reads are strictly
 * serializable snapshots (docs/twopc-bank.md), so a read shows the initial balances plus
 * <ul>
 *   <li>every transfer acknowledged ok before the read was invoked,</li>
 *   <li>any subset of the transfers it overlaps (ok and invoked before the read completed) and of
 *       the unknown-outcome ones (info or never completed) invoked before the read completed,</li>
 *   <li>and nothing else: no failed transfer, none invoked after the read completed.</li>
 * </ul>
 * The subset is searched exactly by {@link BalanceSearch}. A read whose search outgrows the limit is
 * checked account by account only (a relaxation: flagged only if some account alone cannot reach its
 * balance) and counted as approximated. An unexplained read is told as a story: the acknowledged transfer
 * whose absence, or the failed transfer whose presence, would explain it, if one does.
 */
final class BalanceCheck {
    private static final int MAX_CULPRITS = 5;
    private static final int MAX_EXPLANATION_TRIES = 20;
    /** After this long, breadth-first searches stop and depth-first ones get a small budget; reads they leave undecided are checked account by account. */
    static final Duration FULL_SEARCH_TIME = Duration.ofSeconds(30);
    /** Counts the depth-first search of one read tries before the breadth-first one takes over. */
    private static final long GUESS_NODES = 200_000;
    /** The same once the check has run {@link #FULL_SEARCH_TIME}: enough for an explanation near the guess. */
    private static final long LATE_GUESS_NODES = 5_000;

    /** An ok read: completion index, invocation index, balances. */
    record Read(int index, int invocation, long time, int process, String processName, Map<String, Long> balances) {}

    record Outcome(int anomalyCount, List<UnexplainedRead> anomalies, int approximatedCount, List<ApproximatedRead> approximated) {}

    private final List<String> accounts;
    private final Map<String, Integer> slot = new LinkedHashMap<>();
    private final long[] initial;
    private final int searchLimit;
    private final List<Transfer> okByCompletion = new ArrayList<>();
    private final List<Transfer> okByInvocation = new ArrayList<>();
    private final List<Transfer> uncertainByInvocation = new ArrayList<>();
    private final List<Transfer> failed = new ArrayList<>();
    private int longestOk;

    BalanceCheck(Map<String, Long> initialBalances, List<Transfer> transfers, int searchLimit) {
        this.accounts = List.copyOf(initialBalances.keySet());
        this.initial = new long[accounts.size()];
        for (String a : accounts) {
            initial[slot.size()] = initialBalances.get(a);
            slot.put(a, slot.size());
        }
        this.searchLimit = searchLimit;
        for (Transfer t : transfers) {
            if (!slot.containsKey(t.from()) || !slot.containsKey(t.to())) continue; // flagged elsewhere if ok
            if (t.ok()) {
                okByInvocation.add(t);
                okByCompletion.add(t);
                longestOk = Math.max(longestOk, t.completion() - t.index());
            } else if (t.failed()) {
                failed.add(t);
            } else {
                uncertainByInvocation.add(t);
            }
        }
        okByCompletion.sort(Comparator.comparingInt(Transfer::completion));
    }

    Outcome check(List<Read> reads) {
        List<Read> byInvocation = new ArrayList<>(reads);
        byInvocation.sort(Comparator.comparingInt(Read::invocation));
        List<Read> unexplained = new ArrayList<>();
        List<ApproximatedRead> approximated = new ArrayList<>();
        long deadline = System.nanoTime() + FULL_SEARCH_TIME.toNanos();
        long[] acked = initial.clone();
        int next = 0;
        // The unknown-outcome transfers the last explained read reflected: the guess the next
        // read's search tries first (a serializable bank's later snapshots keep what earlier ones showed).
        Set<Transfer> believed = new HashSet<>();
        for (Read r : byInvocation) {
            while (next < okByCompletion.size() && okByCompletion.get(next).completion() < r.invocation()) apply(acked, okByCompletion.get(next++), 1);
            long[] target = difference(r, acked);
            List<Transfer> optional = optional(r);
            List<Move> moves = moves(optional);
            boolean inTime = System.nanoTime() < deadline;
            BalanceSearch.Result found = BalanceSearch.depthFirst(target, moves, guess(r, optional, believed),
                    inTime ? GUESS_NODES : LATE_GUESS_NODES);
            if (found.outcome() == BalanceSearch.Outcome.UNDECIDED && inTime)
                found = BalanceSearch.search(target, moves, searchLimit);
            if (found.outcome() == BalanceSearch.Outcome.FOUND) {
                believed = uncertainChosen(optional, found.chosen());
            } else if (found.outcome() == BalanceSearch.Outcome.NONE || !BalanceSearch.eachAccountReachable(target, moves)) {
                unexplained.add(r);
            } else {
                approximated.add(new ApproximatedRead(r.index(), r.time(), r.process(), optional.size()));
            }
        }
        unexplained.sort(Comparator.comparingInt(Read::index));
        approximated.sort(Comparator.comparingInt(ApproximatedRead::index));
        List<UnexplainedRead> explained = new ArrayList<>();
        for (Read r : unexplained.subList(0, Math.min(unexplained.size(), BankChecker.MAX_LISTED))) explained.add(explain(r));
        return new Outcome(unexplained.size(), explained, approximated.size(),
                List.copyOf(approximated.subList(0, Math.min(approximated.size(), BankChecker.MAX_LISTED))));
    }

    /**
     * The guess the depth-first search starts from: the unknown-outcome transfers the previous read
     * was explained with, and the concurrent ok transfers acknowledged before this read completed.
     * Only the order of the search depends on it, never its answer.
     */
    private static boolean[] guess(Read r, List<Transfer> optional, Set<Transfer> believed) {
        boolean[] take = new boolean[optional.size()];
        for (int i = 0; i < take.length; i++) {
            Transfer t = optional.get(i);
            take[i] = t.ok() ? t.completion() < r.index() : believed.contains(t);
        }
        return take;
    }

    private static Set<Transfer> uncertainChosen(List<Transfer> ts, boolean[] chosen) {
        Set<Transfer> out = new HashSet<>();
        for (int i = 0; i < ts.size(); i++) if (chosen[i] && ts.get(i).uncertain()) out.add(ts.get(i));
        return out;
    }

    private List<Move> moves(List<Transfer> ts) {
        List<Move> out = new ArrayList<>(ts.size());
        for (Transfer t : ts) out.add(new Move(slot.get(t.from()), slot.get(t.to()), t.amount()));
        return out;
    }

    private UnexplainedRead explain(Read r) {
        List<Transfer> acked = new ArrayList<>();
        for (Transfer t : okByCompletion) if (t.completion() < r.invocation()) acked.add(t);
        long[] expected = initial.clone();
        for (Transfer t : acked) apply(expected, t, 1);
        long[] target = difference(r, expected);
        List<Transfer> optional = optional(r);
        Map<String, Long> gap = new LinkedHashMap<>();
        for (int x = 0; x < target.length; x++) if (target[x] != 0) gap.put(accounts.get(x), target[x]);
        String read = "read op " + r.index() + " (process " + r.processName() + ")";

        // Lost: the read shows the balances as if an acknowledged transfer had been undone.
        List<Transfer> lost = new ArrayList<>();
        int tries = 0;
        for (int i = acked.size() - 1; i >= 0 && tries < MAX_EXPLANATION_TRIES && lost.size() < MAX_CULPRITS; i--) {
            Transfer t = acked.get(i);
            if (target[slot.get(t.from())] <= 0 || target[slot.get(t.to())] >= 0) continue;
            tries++;
            if (explains(target, t, -1, optional)) lost.add(t);
        }
        if (!lost.isEmpty()) {
            String story = lost.size() == 1
                    ? String.format("%s is explained only if transfer op %d (%s), acknowledged ok at op %d before the read began (op %d), "
                            + "did not take effect: the acknowledged transfer was lost", read, lost.get(0).index(), lost.get(0).describe(),
                            lost.get(0).completion(), r.invocation())
                    : String.format("%s is explained only if one of these transfers, each acknowledged ok before the read began (op %d), "
                            + "did not take effect: %s; an acknowledged transfer was lost", read, r.invocation(), list(lost));
            return new UnexplainedRead(r.index(), r.time(), r.process(), "lost-acknowledged-transfer", story + ". Unexplained: " + describe(gap),
                    gap, refs(lost, r));
        }

        // Failed but applied: the read shows a definitely failed transfer.
        List<Transfer> applied = new ArrayList<>();
        tries = 0;
        for (Transfer t : failed) {
            if (t.index() > r.index() || tries >= MAX_EXPLANATION_TRIES || applied.size() >= MAX_CULPRITS) break;
            if (target[slot.get(t.to())] <= 0 || target[slot.get(t.from())] >= 0) continue;
            tries++;
            if (explains(target, t, 1, optional)) applied.add(t);
        }
        if (!applied.isEmpty()) {
            String story = applied.size() == 1
                    ? String.format("%s is explained only if transfer op %d (%s), which failed at op %d, took effect: "
                            + "a definitely failed transfer committed", read, applied.get(0).index(), applied.get(0).describe(), applied.get(0).completion())
                    : String.format("%s is explained only if one of these definitely failed transfers took effect: %s", read, list(applied));
            return new UnexplainedRead(r.index(), r.time(), r.process(), "failed-transfer-applied", story + ". Unexplained: " + describe(gap),
                    gap, refs(applied, r));
        }

        String story = String.format("%s: no combination of the %d transfer(s) acknowledged before the read began (op %d) plus any of the "
                + "%d concurrent or unknown-outcome one(s) gives these balances, and no single acknowledged transfer missing or failed "
                + "transfer applied explains them. Unexplained: %s", read, acked.size(), r.invocation(), optional.size(), describe(gap));
        return new UnexplainedRead(r.index(), r.time(), r.process(), "unexplained-balances", story, gap, List.of());
    }

    /** Would the read be explained if {@code t} were added ({@code sign} 1) or removed (-1)? */
    private boolean explains(long[] target, Transfer t, int sign, List<Transfer> optional) {
        long[] shifted = target.clone();
        shifted[slot.get(t.from())] += sign * t.amount();
        shifted[slot.get(t.to())] -= sign * t.amount();
        return BalanceSearch.search(shifted, moves(optional), searchLimit).outcome() == BalanceSearch.Outcome.FOUND;
    }

    /** Transfers the read may or may not reflect: ok ones it overlaps, unknown-outcome ones invoked before it completed. */
    private List<Transfer> optional(Read r) {
        List<Transfer> out = new ArrayList<>();
        for (Transfer t : uncertainByInvocation) {
            if (t.index() > r.index()) break;
            out.add(t);
        }
        int from = firstInvokedAtOrAfter(okByInvocation, r.invocation() - longestOk);
        for (int i = from; i < okByInvocation.size(); i++) {
            Transfer t = okByInvocation.get(i);
            if (t.index() > r.index()) break;
            if (t.completion() > r.invocation()) out.add(t);
        }
        return out;
    }

    private static int firstInvokedAtOrAfter(List<Transfer> byInvocation, int index) {
        int lo = 0, hi = byInvocation.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (byInvocation.get(mid).index() < index) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private void apply(long[] balances, Transfer t, int sign) {
        balances[slot.get(t.from())] -= sign * t.amount();
        balances[slot.get(t.to())] += sign * t.amount();
    }

    private long[] difference(Read r, long[] expected) {
        long[] d = new long[expected.length];
        for (int x = 0; x < d.length; x++) d[x] = r.balances().get(accounts.get(x)) - expected[x];
        return d;
    }

    private static List<TransferRef> refs(List<Transfer> ts, Read r) {
        List<TransferRef> out = new ArrayList<>();
        for (Transfer t : ts) out.add(new TransferRef(t.index(), t.outcome(), t.from(), t.to(), t.amount(),
                t.completion() < 0 || t.completion() > r.invocation()));
        return out;
    }

    private static String list(List<Transfer> ts) {
        List<String> out = new ArrayList<>();
        for (Transfer t : ts) out.add("op " + t.index() + " (" + t.describe() + ", " + t.outcome() + " at op " + t.completion() + ")");
        return String.join(", ", out);
    }

    /** "a0 +4, a1 -4": balance shown minus balance expected from the acknowledged transfers. */
    private static String describe(Map<String, Long> gap) {
        List<String> out = new ArrayList<>();
        gap.forEach((a, d) -> out.add(a + " " + (d > 0 ? "+" : "") + d));
        return String.join(", ", out);
    }
}
