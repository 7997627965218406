package dev.faultline.results;

import dev.faultline.checkers.history.History;
import dev.faultline.checkers.result.CheckResult;
import dev.faultline.checkers.result.Validity;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How closely a replay ({@code faultline test --replay}) followed the recorded nemesis schedule:
 * the i-th fault op of the replay's main phase against the i-th recorded one, with the planned and
 * actual offsets from the main phase's start, the nodes each reached, and the errors of each. A
 * real cluster answers with its own timing, so the verdict is always {@code valid}: the match is
 * information for the reader, not a property of the system under test.
 */
public final class ReplayMatch {
    public static final String CHECKER = "replay";

    /** How one recorded op fared in the replay. */
    public enum Outcome {
        /** Same op, same nodes, no new error, on time (within {@link #ON_TIME_MS}). */
        SAME,
        /** Same op and nodes, but later (or earlier) than planned by more than {@link #ON_TIME_MS}. */
        OFF_TIME,
        /**
         * Same op, but it reached other nodes (e.g. the primary had moved), or, for an op that opens
         * a declared fault window, completed with another value (another grudge, another offset).
         */
        OTHER_EFFECT,
        /** It failed in the replay (an error) though it had not in the recording. */
        FAILED,
        /** The replay invoked another op in its place. */
        DIFFERENT_OP,
        /** The replay's main phase ended before it. */
        NOT_REPLAYED,
        /** A replay op beyond the recorded schedule. */
        EXTRA;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** Replays off by more than this are {@link Outcome#OFF_TIME}. */
    public static final long ON_TIME_MS = 500;

    /**
     * One recorded op and its replay; offsets in seconds from each run's main-phase start.
     *
     * @param lateMs actual minus planned offset, in ms; null if either is missing
     */
    public record Row(int n, String f, Object value, Double plannedS, Double actualS, Long lateMs, List<String> plannedNodes,
                      List<String> actualNodes, String plannedError, String actualError, String outcome) {
    }

    /**
     * The detail in results.json.
     *
     * @param source   the recorded run directory
     * @param planned  recorded fault ops in the main phase
     * @param replayed of them, how many the replay invoked
     * @param matched  of them, how many came out {@link Outcome#SAME}
     */
    public record Detail(String source, int planned, int replayed, int matched, Long medianLateMs, Long maxLateMs, List<Row> ops) {
    }

    private ReplayMatch() {
    }

    /** Compares the replay's {@code history} with the schedule it replayed. */
    public static CheckResult check(RecordedSchedule planned, History history) {
        Detail d = compare(planned, RecordedSchedule.of(planned.runDir(), planned.record(), history));
        return new CheckResult(CHECKER, Validity.VALID, summary(d), d, java.util.List.of());
    }

    static Detail compare(RecordedSchedule planned, RecordedSchedule actual) {
        List<String> nodes = planned.nodes();
        java.util.Set<String> starts = new java.util.HashSet<>();
        if (planned.record().faults() != null) for (FaultKind k : planned.record().faults()) starts.add(k.startF());
        List<Row> rows = new ArrayList<>();
        List<Long> late = new ArrayList<>();
        int replayed = 0;
        int matched = 0;
        int n = Math.max(planned.faults().size(), actual.faults().size());
        for (int i = 0; i < n; i++) {
            RecordedSchedule.Fault p = i < planned.faults().size() ? planned.faults().get(i) : null;
            RecordedSchedule.Fault a = i < actual.faults().size() ? actual.faults().get(i) : null;
            Long lateMs = p != null && a != null ? a.offset().minus(p.offset()).toMillis() : null;
            Outcome o;
            if (p == null) {
                o = Outcome.EXTRA;
            } else if (a == null) {
                o = Outcome.NOT_REPLAYED;
            } else {
                replayed++;
                late.add(lateMs);
                if (!a.invocation().f().equals(p.invocation().f()) || !Objects.equals(a.invocation().value(), p.invocation().value())) {
                    o = Outcome.DIFFERENT_OP;
                } else if (a.error() != null && p.error() == null) {
                    o = Outcome.FAILED;
                } else if (!a.nodes(nodes).equals(p.nodes(nodes))
                        || starts.contains(p.invocation().f()) && !Objects.equals(value(a), value(p))) {
                    o = Outcome.OTHER_EFFECT;
                } else if (Math.abs(lateMs) > ON_TIME_MS) {
                    o = Outcome.OFF_TIME;
                } else {
                    o = Outcome.SAME;
                    matched++;
                }
            }
            RecordedSchedule.Fault any = p != null ? p : a;
            rows.add(new Row(i + 1, any.invocation().f(), any.invocation().value(), p == null ? null : seconds(p), a == null ? null : seconds(a),
                    lateMs, p == null ? null : p.nodes(nodes), a == null ? null : a.nodes(nodes),
                    p == null ? null : p.error(), a == null ? null : a.error(), o.wireName()));
        }
        List<Long> abs = late.stream().map(Math::abs).sorted().toList();
        return new Detail(planned.runDir().toString(), planned.faults().size(), replayed, matched,
                abs.isEmpty() ? null : abs.get(abs.size() / 2), abs.isEmpty() ? null : abs.get(abs.size() - 1), rows);
    }

    static String summary(Detail d) {
        StringBuilder s = new StringBuilder("replayed ").append(d.replayed()).append(" of ").append(d.planned())
                .append(" recorded fault ops, ").append(d.matched()).append(" as recorded");
        if (d.medianLateMs() != null) {
            s.append("; start offsets off by ").append(d.medianLateMs()).append(" ms median, ").append(d.maxLateMs()).append(" ms at most");
        }
        for (Outcome o : Outcome.values()) {
            if (o == Outcome.SAME) continue;
            long c = d.ops().stream().filter(r -> r.outcome().equals(o.wireName())).count();
            if (c > 0) s.append("; ").append(c).append(' ').append(o.wireName());
        }
        return s.toString();
    }

    /** The completion's value as a JSON tree: a value read back from history.jsonl equals the one a nemesis returned. */
    private static Object value(RecordedSchedule.Fault f) {
        if (f.completion() == null) return null;
        try {
            return Json.mapper().readTree(Json.mapper().writeValueAsString(f.completion().value()));
        } catch (java.io.IOException e) {
            return String.valueOf(f.completion().value());
        }
    }

    private static double seconds(RecordedSchedule.Fault f) {
        return Math.round(f.offset().toMillis()) / 1000.0;
    }
}
