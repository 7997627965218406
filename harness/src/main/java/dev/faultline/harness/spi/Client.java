package dev.faultline.harness.spi;

import dev.faultline.checkers.history.Op;

/**
 * A connection from one worker to the system under test. One client per process; never used by
 * two threads at once.
 */
public interface Client extends AutoCloseable {
    /**
     * Performs the op and returns its completion: {@code ok}, {@code fail} when the operation
     * definitely did not happen, {@code info} when that is unknown. A thrown exception is recorded
     * as {@code info} and the worker continues under a fresh process.
     */
    Op invoke(TestContext ctx, Op invocation) throws Exception;

    @Override
    default void close() {
    }
}
