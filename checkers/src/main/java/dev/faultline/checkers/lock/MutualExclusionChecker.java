package dev.faultline.checkers.lock;

import dev.faultline.checkers.Checker;
import dev.faultline.checkers.history.History;
import dev.faultline.checkers.result.CheckResult;
import dev.faultline.checkers.result.Validity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Mutual exclusion for leased locks: no two holds of the same lock, as the service acknowledged
 * them ({@link LockOps.Hold}), overlap in real time.
 *
 * <p>This is a direct interval check rather than a linearizability search with the mutex model:
 * a lease ends by itself, and that expiry is not an op in the history, so the plain mutex model
 * (acquire/release only) would reject valid histories where a lease ran out and another client
 * took the lock. Counting each hold only over the span the client could rely on (acquire ok until
 * its own release/next acquire invocation or invocation + TTL) makes the check exact and
 * conservative: any reported overlap is a span in which two clients were both told they held the
 * lock. It needs controller timestamps; a history without them is {@code unknown}.
 */
public final class MutualExclusionChecker implements Checker {
    /** Violations listed in the report (the count stays exact). */
    public static final int MAX_LISTED = 20;

    /** Two overlapping holds; times in ms since the run started. */
    public record Overlap(String key, HoldRef first, HoldRef second, double overlapMs) {
    }

    public record HoldRef(int process, long token, long acquireIndex, double startMs, double endMs, String endedBy) {
        static HoldRef of(LockOps.Hold h) {
            return new HoldRef(h.process(), h.token(), h.acquireIndex(), h.start() / 1e6, h.end() / 1e6, h.endedBy());
        }
    }

    public record Report(int holds, int violations, List<Overlap> overlaps) implements dev.faultline.checkers.result.AnomalousOps {
        @Override
        public boolean indexesClientOpsOnly() {
            return true;
        }

        /** The acquires of both holds of every listed overlap. */
        @Override
        public List<Long> anomalousOps() {
            return overlaps.stream().flatMap(o -> java.util.stream.Stream.of(o.first().acquireIndex(), o.second().acquireIndex())).toList();
        }
    }

    @Override
    public String name() {
        return "lock-mutual-exclusion";
    }

    @Override
    public CheckResult check(History history) {
        History h = history.clientOps();
        if (!LockOps.hasTimes(h)) {
            return CheckResult.of(name(), Validity.UNKNOWN, "the history has ops without time: holds cannot be placed in real time");
        }
        List<LockOps.Hold> holds;
        try {
            holds = LockOps.holds(h);
        } catch (LockOps.SchemaException e) {
            return CheckResult.of(name(), Validity.UNKNOWN, e.getMessage());
        }
        Map<String, List<LockOps.Hold>> byKey = new TreeMap<>();
        int counted = 0;
        for (LockOps.Hold hold : holds) {
            if (hold.start() >= hold.end()) continue;
            byKey.computeIfAbsent(hold.key(), k -> new ArrayList<>()).add(hold);
            counted++;
        }
        List<Overlap> listed = new ArrayList<>();
        int violations = 0;
        for (var e : byKey.entrySet()) {
            List<LockOps.Hold> ks = e.getValue();
            ks.sort(Comparator.comparingLong(LockOps.Hold::start));
            List<LockOps.Hold> active = new ArrayList<>();
            for (LockOps.Hold next : ks) {
                active.removeIf(a -> a.end() <= next.start());
                for (LockOps.Hold a : active) {
                    violations++;
                    if (listed.size() < MAX_LISTED) {
                        double overlap = (Math.min(a.end(), next.end()) - next.start()) / 1e6;
                        listed.add(new Overlap(e.getKey(), HoldRef.of(a), HoldRef.of(next), overlap));
                    }
                }
                active.add(next);
            }
        }
        Report report = new Report(counted, violations, listed);
        if (violations == 0) {
            return new CheckResult(name(), Validity.VALID, counted + " holds on " + byKey.size()
                    + " locks, none overlapping", report, List.of());
        }
        Overlap first = listed.get(0);
        return new CheckResult(name(), Validity.INVALID, violations + " overlapping holds; first: lock " + first.key()
                + " held by process " + first.first().process() + " (token " + first.first().token() + ") and process "
                + first.second().process() + " (token " + first.second().token() + ") at once for "
                + String.format(java.util.Locale.ROOT, "%.1f", first.overlapMs()) + " ms", report, List.of());
    }
}
