package dev.faultline.harness.run;

import dev.faultline.checkers.history.History;
import dev.faultline.checkers.result.CheckResult;
import dev.faultline.checkers.result.Validity;
import dev.faultline.harness.spi.LogPatterns;
import dev.faultline.harness.spi.Target;
import dev.faultline.results.Availability;
import dev.faultline.results.CheckTree;
import dev.faultline.results.FaultKind;
import dev.faultline.results.HostClock;
import dev.faultline.results.LogScan;
import dev.faultline.results.RecordedSchedule;
import dev.faultline.results.ReplayMatch;
import dev.faultline.results.RunRecord;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The run-level checks made after the workload's checker: availability per operation kind inside
 * and outside fault windows ({@link Availability}, with an optional minimum) and failure patterns
 * in the collected node logs ({@link LogScan}: the target's {@link LogPatterns} plus the user's
 * {@code --log-pattern}s). {@link #apply} puts the workload's result and these under one root whose
 * verdict is the worst of them. A replay ({@code --replay}) adds how closely it followed the recorded
 * schedule ({@link ReplayMatch}, always valid). A run adds how the controller's wall clock stepped
 * ({@link HostClock}, always valid).
 *
 * @param logPatterns     the user's extra patterns ({@code --log-pattern}), checked to compile
 * @param logVerdict      what a match makes the run: {@code INVALID} (default) or {@code UNKNOWN}
 * @param minAvailability required share of client ops that completed ok (0..1), or null for none
 * @param replayed        the schedule this run replays, or null
 */
public record RunChecks(List<String> logPatterns, Validity logVerdict, Double minAvailability, RecordedSchedule replayed) {
    public static final String ROOT = CheckTree.RUN_ROOT;

    public RunChecks {
        logPatterns = List.copyOf(logPatterns);
        for (String p : logPatterns) LogScan.compile("--log-pattern", p);
        if (logVerdict == Validity.VALID) throw new IllegalArgumentException("--log-verdict must be invalid or unknown");
        if (minAvailability != null && !(minAvailability >= 0 && minAvailability <= 1)) {
            throw new IllegalArgumentException("--min-availability must be between 0 and 1, was " + minAvailability);
        }
    }

    public RunChecks(List<String> logPatterns, Validity logVerdict, Double minAvailability) {
        this(logPatterns, logVerdict, minAvailability, null);
    }

    public static RunChecks defaults() {
        return new RunChecks(List.of(), Validity.INVALID, null);
    }

    /** These checks, and a comparison of the run's nemesis ops with {@code schedule}. */
    public RunChecks withReplayOf(RecordedSchedule schedule) {
        return new RunChecks(logPatterns, logVerdict, minAvailability, schedule);
    }

    /** These checks as test.json records them ({@link RunRecord#checks}). */
    public RunRecord.Checks recorded() {
        return new RunRecord.Checks(logPatterns, logVerdict.wireName(), minAvailability);
    }

    /**
     * The checks test.json recorded, or null if it predates them.
     *
     * @throws IllegalArgumentException naming the field if a recorded value is not one a run can have
     */
    public static RunChecks of(RunRecord.Checks recorded) {
        if (recorded == null) return null;
        return new RunChecks(recorded.logPatterns(), logVerdict(recorded.logVerdict()), recorded.minAvailability());
    }

    /** {@code invalid} or {@code unknown} (null: invalid, the default), as {@code --log-verdict} and test.json write it. */
    public static Validity logVerdict(String wire) {
        if (wire == null) return Validity.INVALID;
        return switch (wire) {
            case "invalid" -> Validity.INVALID;
            case "unknown" -> Validity.UNKNOWN;
            default -> throw new IllegalArgumentException("--log-verdict must be invalid or unknown, was '" + wire + "'");
        };
    }

    /** The patterns of one run: the target's (if it has the ability) then the user's. */
    List<LogScan.Source> patterns(Target target) {
        List<LogScan.Source> out = new ArrayList<>();
        if (target instanceof LogPatterns lp) {
            for (String p : lp.logPatterns()) out.add(new LogScan.Source(LogScan.compile("target " + target.name() + " log pattern", p), "target " + target.name()));
        }
        for (String p : logPatterns) out.add(new LogScan.Source(LogScan.compile("--log-pattern", p), "--log-pattern"));
        return out;
    }

    /**
     * The workload's result with the run-level checks beside it under a root named {@value #ROOT};
     * the root's summary is the workload's, followed by whatever else is not valid.
     *
     * @param faults    the run's declared fault kinds (null to guess them from op names)
     * @param hostClock how the controller's wall clock stepped during the run (always valid), or null
     */
    public CheckResult apply(CheckResult workload, History history, Path runDir, List<FaultKind> faults, Target target,
                             HostClock hostClock) {
        List<CheckResult> children = new ArrayList<>();
        children.add(workload);
        children.add(Availability.check(history, faults, minAvailability));
        List<LogScan.Source> patterns = patterns(target);
        if (!patterns.isEmpty()) children.add(LogScan.check(runDir, patterns, logVerdict));
        if (replayed != null) children.add(ReplayMatch.check(replayed, history));
        if (hostClock != null) children.add(hostClock.result());
        StringBuilder summary = new StringBuilder(workload.summary());
        for (CheckResult c : children.subList(1, children.size())) {
            if (c.validity() != Validity.VALID) summary.append("; ").append(c.checker()).append(": ").append(c.summary());
        }
        return CheckResult.compose(ROOT, summary.toString(), children);
    }
}
