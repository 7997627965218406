package dev.faultline.junit;

import dev.faultline.checkers.result.Validity;
import dev.faultline.harness.run.RunOutcome;
import org.assertj.core.api.AbstractAssert;

/** Assertions on a {@link FaultlineResult}; every failure message carries the run in words and its report path. */
public final class FaultlineResultAssert extends AbstractAssert<FaultlineResultAssert, FaultlineResult> {
    FaultlineResultAssert(FaultlineResult actual) {
        super(actual, FaultlineResultAssert.class);
    }

    /** The run completed and the checkers found the history valid. */
    public FaultlineResultAssert isValid() {
        isNotNull();
        if (!actual.isValid()) failWithMessage("%s", "expected a valid run, but got " + actual.describe());
        return this;
    }

    /** The run completed and a checker found a violation (e.g. the planted bug was caught). */
    public FaultlineResultAssert isInvalid() {
        isNotNull();
        if (!actual.isInvalid()) {
            failWithMessage("%s", "expected the checkers to find a violation, but got " + actual.describe());
        }
        return this;
    }

    /** The run completed (whatever the verdict): no crash, no interruption. */
    public FaultlineResultAssert completed() {
        isNotNull();
        if (actual.status() != RunOutcome.Status.COMPLETED) failWithMessage("%s", "expected the run to complete, but got " + actual.describe());
        return this;
    }

    /** Some counterexample or anomaly mentions {@code text} (e.g. a key, a checker name). */
    public FaultlineResultAssert hasAnomalyContaining(String text) {
        isNotNull();
        boolean found = actual.counterexamples().stream().anyMatch(c -> c.contains(text))
                || actual.anomalies().stream().anyMatch(a -> a.contains(text));
        if (!found) failWithMessage("%s", "expected an anomaly mentioning \"" + text + "\", but got " + actual.describe());
        return this;
    }

    /** The verdict is exactly {@code validity} (and the run completed). */
    public FaultlineResultAssert hasValidity(Validity validity) {
        isNotNull();
        if (actual.status() != RunOutcome.Status.COMPLETED || actual.validity() != validity) {
            failWithMessage("%s", "expected a " + validity.wireName() + " run, but got " + actual.describe());
        }
        return this;
    }
}
