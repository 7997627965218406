package dev.faultline.results;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.checkers.result.CheckResult;
import dev.faultline.checkers.result.Validity;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How the controller's own wall clock moved against its monotonic clock during a run: the steps
 * (a change of {@code wall − monotonic} by more than {@code thresholdMs} between two samples) and
 * the total drift. Faultline did not cause these; a step on the machine that runs the Docker nodes is
 * a step on every node, so wall-clock leases and TTLs there saw it. In results.json it is a child of
 * the run root whose verdict is always {@code valid}: information for the reader, never the verdict.
 *
 * @param steps        the steps, first {@code maxSteps} of them, in order
 * @param moreSteps    steps seen after the recorded ones (not listed)
 * @param driftMs      last offset minus first offset, in ms (steps included)
 * @param sampleMillis the sampling interval
 * @param thresholdMs  a larger change between two samples is a step
 */
public record HostClock(List<Step> steps, int moreSteps, long driftMs, long sampleMillis, long thresholdMs) {
    public static final String CHECKER = "host-clock";

    /**
     * One step of the wall clock.
     *
     * @param at seconds since the run's start on the monotonic clock (the history's time base) of the
     *           sample that saw it
     * @param ms signed size: positive when the wall clock jumped forward
     */
    public record Step(double at, long ms) {
    }

    public HostClock {
        steps = List.copyOf(steps);
    }

    public int stepCount() {
        return steps.size() + moreSteps;
    }

    /** The run root's child for results.json: always valid. */
    public CheckResult result() {
        String summary = stepCount() == 0
                ? String.format(Locale.ROOT, "the host's wall clock did not step (drift %+,d ms over the run)", driftMs)
                : stepsText() + String.format(Locale.ROOT, " (drift %+,d ms over the run)", driftMs);
        return new CheckResult(CHECKER, Validity.VALID, summary, this, List.of());
    }

    /** The one-line warning the CLI and the report show, or null if the wall clock did not step. */
    public String warning() {
        if (stepCount() == 0) return null;
        return "warning: " + stepsText() + " (not injected by Faultline; wall-clock leases and TTLs on the nodes saw it)";
    }

    private String stepsText() {
        StringBuilder b = new StringBuilder("the host's wall clock stepped ");
        if (stepCount() > 1) b.append(stepCount()).append(" times: ");
        for (int i = 0; i < Math.min(steps.size(), 3); i++) {
            Step s = steps.get(i);
            if (i > 0) b.append(", ");
            b.append(String.format(Locale.ROOT, "%+,d ms at %.1f s", s.ms(), s.at()));
        }
        if (stepCount() > 3) b.append(", …");
        return b.toString();
    }

    /** The host clock of a run's result tree (a fresh one or one read back from results.json), or null. */
    public static HostClock in(CheckResult root) {
        if (root == null) return null;
        for (CheckResult c : root.children()) {
            if (!c.checker().equals(CHECKER) || c.detail() == null) continue;
            if (c.detail() instanceof HostClock h) return h;
            return of(Json.mapper().valueToTree(c.detail()));
        }
        return null;
    }

    static HostClock of(JsonNode d) {
        List<Step> steps = new ArrayList<>();
        for (JsonNode s : d.path("steps")) steps.add(new Step(s.path("at").asDouble(), s.path("ms").asLong()));
        return new HostClock(steps, d.path("moreSteps").asInt(), d.path("driftMs").asLong(), d.path("sampleMillis").asLong(),
                d.path("thresholdMs").asLong());
    }
}
