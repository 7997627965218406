package dev.faultline.harness.run;

import dev.faultline.checkers.history.Op;

/** Performs invocations for one thread of the interpreter, one at a time. */
interface Worker extends AutoCloseable {
    /** Returns the completion; never throws for a failure of the system under test. */
    Op invoke(Op invocation);

    @Override
    void close();
}
