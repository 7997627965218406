package dev.faultline.harness.generator;

import dev.faultline.checkers.history.Op;

/**
 * A pure, immutable schedule of operations, after Jepsen's generator protocol. Asking for an op
 * never changes this generator; it returns its successor.
 */
public interface Generator {
    /**
     * The next thing to do in this context: an op (whose {@code time} may lie in the future: the
     * interpreter waits until then), {@link Step.Pending} when nothing can be emitted until some
     * op completes or time passes, or {@link Step.Exhausted} when the schedule is over.
     */
    Step op(GenContext ctx);

    /** Informs the generator that an event (an invocation or completion) happened. */
    default Generator update(GenContext ctx, Op event) {
        return this;
    }
}
