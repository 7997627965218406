package dev.faultline.checkers.lock;

import dev.faultline.checkers.Checker;
import dev.faultline.checkers.history.History;
import dev.faultline.checkers.result.CheckResult;

import java.util.List;

/** The lock workload's verdict: {@link MutualExclusionChecker} and {@link FencingChecker} together. */
public final class LockChecker implements Checker {
    private final MutualExclusionChecker mutex = new MutualExclusionChecker();
    private final FencingChecker fencing = new FencingChecker();

    @Override
    public String name() {
        return "lock";
    }

    @Override
    public CheckResult check(History history) {
        CheckResult m = mutex.check(history);
        CheckResult f = fencing.check(history);
        return CheckResult.compose(name(), "mutual exclusion: " + m.validity().wireName() + "; fencing: "
                + f.validity().wireName(), List.of(m, f));
    }
}
