package dev.faultline.checkers;

import dev.faultline.checkers.history.History;
import dev.faultline.checkers.result.CheckResult;

/** Decides whether a history satisfies a property. Implementations must be thread-safe and side-effect free. */
public interface Checker {
    /** A short stable name, used in results.json and junit.xml. */
    String name();

    CheckResult check(History history);
}
