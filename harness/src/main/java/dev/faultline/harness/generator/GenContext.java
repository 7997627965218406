package dev.faultline.harness.generator;

import java.util.SortedSet;
import java.util.random.RandomGenerator;

/**
 * What a generator may look at. Threads are the runner's workers: client threads 0..n-1 and the
 * nemesis thread {@link dev.faultline.checkers.history.Op#NEMESIS}. Each thread currently runs as
 * a process (which changes after an {@code info}).
 */
public interface GenContext {
    /** Nanoseconds since the run started. */
    long time();

    /** Threads that are idle now and can take an op. */
    SortedSet<Integer> freeThreads();

    /** All threads this context covers. */
    SortedSet<Integer> allThreads();

    /** The process a thread currently runs as. */
    int process(int thread);

    /** The thread that runs as {@code process}, or -2 if no thread does. */
    int thread(int process);

    /** The same context restricted to a subset of threads (used by on-threads combinators). */
    GenContext restrict(java.util.function.IntPredicate threads);

    /** The run's seeded random source; generators draw from it only while being asked for an op. */
    RandomGenerator random();
}
