package dev.faultline.checkers.lock;

import dev.faultline.checkers.result.AnomalousOps;

import dev.faultline.checkers.Checker;
import dev.faultline.checkers.history.History;
import dev.faultline.checkers.result.CheckResult;
import dev.faultline.checkers.result.Validity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Fencing tokens and the fenced resource:
 * <ul>
 *   <li>{@code stale-writes}: ordered by {@code seq}, the resource never accepted a write whose
 *       token is lower than one it had already accepted for that register;</li>
 *   <li>{@code unique-seq}: no two accepted writes share a {@code seq};</li>
 *   <li>{@code unique-tokens}: no two ok acquires of one lock returned the same token;</li>
 *   <li>{@code token-order}: if one acquire of a lock completed before another was invoked, the
 *       later one has the higher token (tokens increase strictly across holders). Needs times.</li>
 * </ul>
 * Writes and acquires that did not complete ok are ignored: their outcome is unknown.
 */
public final class FencingChecker implements Checker {
    public static final int MAX_LISTED = 20;

    public record StaleWrite(String key, long seq, long token, int process, long index,
                             long highestToken, long highestSeq, int highestProcess) implements AnomalousOps {
        @Override
        public boolean indexesClientOpsOnly() {
            return true;
        }

        @Override
        public List<Long> anomalousOps() {
            return List.of(index);
        }
    }

    public record DuplicateSeq(long seq, long firstIndex, long secondIndex) implements AnomalousOps {
        @Override
        public boolean indexesClientOpsOnly() {
            return true;
        }

        @Override
        public List<Long> anomalousOps() {
            return List.of(firstIndex, secondIndex);
        }
    }

    public record DuplicateToken(String key, long token, int firstProcess, long firstIndex, int secondProcess, long secondIndex)
            implements AnomalousOps {
        @Override
        public boolean indexesClientOpsOnly() {
            return true;
        }

        @Override
        public List<Long> anomalousOps() {
            return List.of(firstIndex, secondIndex);
        }
    }

    public record TokenRegression(String key, long earlierToken, long earlierIndex, long laterToken, long laterIndex)
            implements AnomalousOps {
        @Override
        public boolean indexesClientOpsOnly() {
            return true;
        }

        @Override
        public List<Long> anomalousOps() {
            return List.of(earlierIndex, laterIndex);
        }
    }

    /** The findings of one kind; the anomalous ops are those of the listed ones. */
    public record Findings<T extends AnomalousOps>(int count, List<T> listed) implements AnomalousOps {
        @Override
        public boolean indexesClientOpsOnly() {
            return true;
        }

        @Override
        public List<Long> anomalousOps() {
            return listed.stream().flatMap(t -> t.anomalousOps().stream()).toList();
        }
    }

    @Override
    public String name() {
        return "lock-fencing";
    }

    @Override
    public CheckResult check(History history) {
        History h = history.clientOps();
        List<LockOps.AcceptedWrite> writes;
        List<LockOps.Grant> grants;
        try {
            writes = LockOps.acceptedWrites(h);
            grants = LockOps.grants(h);
        } catch (LockOps.SchemaException e) {
            return CheckResult.of(name(), Validity.UNKNOWN, e.getMessage());
        }
        List<CheckResult> children = List.of(staleWrites(writes), uniqueSeq(writes), uniqueTokens(grants),
                tokenOrder(grants, LockOps.hasTimes(h)));
        return CheckResult.compose(name(), writes.size() + " accepted writes, " + grants.size() + " grants", children);
    }

    private static CheckResult staleWrites(List<LockOps.AcceptedWrite> writes) {
        Map<String, List<LockOps.AcceptedWrite>> byKey = new TreeMap<>();
        for (LockOps.AcceptedWrite w : writes) byKey.computeIfAbsent(w.key(), k -> new ArrayList<>()).add(w);
        List<StaleWrite> listed = new ArrayList<>();
        int count = 0;
        for (var e : byKey.entrySet()) {
            List<LockOps.AcceptedWrite> ws = e.getValue();
            ws.sort(Comparator.comparingLong(LockOps.AcceptedWrite::seq));
            LockOps.AcceptedWrite highest = null;
            for (LockOps.AcceptedWrite w : ws) {
                if (highest != null && w.token() < highest.token()) {
                    count++;
                    if (listed.size() < MAX_LISTED) {
                        listed.add(new StaleWrite(e.getKey(), w.seq(), w.token(), w.process(), w.index(),
                                highest.token(), highest.seq(), highest.process()));
                    }
                } else if (highest == null || w.token() > highest.token()) {
                    highest = w;
                }
            }
        }
        if (count == 0) {
            return CheckResult.of("stale-writes", Validity.VALID, writes.size() + " accepted writes in token order");
        }
        StaleWrite f = listed.get(0);
        return new CheckResult("stale-writes", Validity.INVALID, count + " stale writes accepted; first: " + f.key()
                + " seq " + f.seq() + " by process " + f.process() + " with token " + f.token() + " after seq "
                + f.highestSeq() + " with token " + f.highestToken(), new Findings<>(count, listed), List.of());
    }

    private static CheckResult uniqueSeq(List<LockOps.AcceptedWrite> writes) {
        Map<Long, LockOps.AcceptedWrite> seen = new HashMap<>();
        List<DuplicateSeq> listed = new ArrayList<>();
        int count = 0;
        for (LockOps.AcceptedWrite w : writes) {
            LockOps.AcceptedWrite prev = seen.putIfAbsent(w.seq(), w);
            if (prev != null) {
                count++;
                if (listed.size() < MAX_LISTED) listed.add(new DuplicateSeq(w.seq(), prev.index(), w.index()));
            }
        }
        if (count == 0) return CheckResult.of("unique-seq", Validity.VALID, "every accepted write has its own seq");
        return new CheckResult("unique-seq", Validity.INVALID, count + " accepted writes reuse a seq; first: seq "
                + listed.get(0).seq(), new Findings<>(count, listed), List.of());
    }

    private static CheckResult uniqueTokens(List<LockOps.Grant> grants) {
        Map<String, LockOps.Grant> seen = new HashMap<>();
        List<DuplicateToken> listed = new ArrayList<>();
        int count = 0;
        for (LockOps.Grant g : grants) {
            LockOps.Grant prev = seen.putIfAbsent(g.key() + "\u0000" + g.token(), g);
            if (prev != null) {
                count++;
                if (listed.size() < MAX_LISTED) {
                    listed.add(new DuplicateToken(g.key(), g.token(), prev.process(), prev.okIndex(), g.process(), g.okIndex()));
                }
            }
        }
        if (count == 0) return CheckResult.of("unique-tokens", Validity.VALID, grants.size() + " grants, all tokens distinct");
        DuplicateToken f = listed.get(0);
        return new CheckResult("unique-tokens", Validity.INVALID, count + " grants reuse a token; first: " + f.key()
                + " token " + f.token() + " to processes " + f.firstProcess() + " and " + f.secondProcess(),
                new Findings<>(count, listed), List.of());
    }

    private static CheckResult tokenOrder(List<LockOps.Grant> grants, boolean hasTimes) {
        if (!hasTimes) return CheckResult.of("token-order", Validity.UNKNOWN, "the history has ops without time");
        Map<String, List<LockOps.Grant>> byKey = new TreeMap<>();
        for (LockOps.Grant g : grants) byKey.computeIfAbsent(g.key(), k -> new ArrayList<>()).add(g);
        List<TokenRegression> listed = new ArrayList<>();
        int count = 0;
        for (var e : byKey.entrySet()) {
            List<LockOps.Grant> byInvoke = new ArrayList<>(e.getValue());
            byInvoke.sort(Comparator.comparingLong(LockOps.Grant::invokeTime));
            List<LockOps.Grant> byOk = new ArrayList<>(e.getValue());
            byOk.sort(Comparator.comparingLong(LockOps.Grant::okTime));
            int i = 0;
            LockOps.Grant max = null;
            for (LockOps.Grant later : byInvoke) {
                while (i < byOk.size() && byOk.get(i).okTime() < later.invokeTime()) {
                    LockOps.Grant done = byOk.get(i++);
                    if (max == null || done.token() > max.token()) max = done;
                }
                if (max != null && later.token() <= max.token()) {
                    count++;
                    if (listed.size() < MAX_LISTED) {
                        listed.add(new TokenRegression(e.getKey(), max.token(), max.okIndex(), later.token(), later.okIndex()));
                    }
                }
            }
        }
        if (count == 0) return CheckResult.of("token-order", Validity.VALID, "tokens increase across successive grants");
        TokenRegression f = listed.get(0);
        return new CheckResult("token-order", Validity.INVALID, count + " grants got a token not above an earlier grant's; first: "
                + f.key() + " token " + f.laterToken() + " (op " + f.laterIndex() + ") after token " + f.earlierToken()
                + " (op " + f.earlierIndex() + ")", new Findings<>(count, listed), List.of());
    }
}
