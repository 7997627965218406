package dev.faultline.harness.generator;

import dev.faultline.checkers.history.Op;

/** The answer of {@link Generator#op}. */
public sealed interface Step permits Step.Emit, Step.Pending, Step.Exhausted {
    /** Dispatch {@code op} (to its process, at or after its time); continue with {@code next}. */
    record Emit(Op op, Generator next) implements Step {
    }

    /** Nothing to dispatch now; ask {@code next} again after the next event or a short wait. */
    record Pending(Generator next) implements Step {
    }

    /** The schedule is over. */
    record Exhausted() implements Step {
    }

    Step EXHAUSTED = new Exhausted();
}
