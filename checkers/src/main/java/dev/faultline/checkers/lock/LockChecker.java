package dev.faultline.checkers.lock;

import dev.faultline.checkers.Checker;
import dev.faultline.checkers.history.History;
import dev.faultline.checkers.result.CheckResult;

import java.util.List;

/**
 * The lock workload's verdict: {@link MutualExclusionChecker} and {@link FencingChecker} together, or
 * {@link #fencingOnly() fencing alone} for a system whose safety rests on the fenced resource rather
 * than on the lock (Redlock, or any lease lock under clock jumps: two clients may hold the lock at
 * once, and the resource's refusal of stale tokens is what keeps the data safe).
 */
public final class LockChecker implements Checker {
    private final MutualExclusionChecker mutex = new MutualExclusionChecker();
    private final FencingChecker fencing = new FencingChecker();
    private final boolean judgeMutualExclusion;

    /** Mutual exclusion and fencing. */
    public LockChecker() {
        this(true);
    }

    private LockChecker(boolean judgeMutualExclusion) {
        this.judgeMutualExclusion = judgeMutualExclusion;
    }

    /**
     * Fencing alone decides; mutual exclusion is still checked and its summary is part of this
     * result's summary, but its verdict is not (a result's verdict is the worst of its children's,
     * so it is not a child).
     */
    public static LockChecker fencingOnly() {
        return new LockChecker(false);
    }

    @Override
    public String name() {
        return "lock";
    }

    @Override
    public CheckResult check(History history) {
        CheckResult m = mutex.check(history);
        CheckResult f = fencing.check(history);
        if (!judgeMutualExclusion) {
            return CheckResult.compose(name(), "fencing: " + f.validity().wireName()
                    + "; mutual exclusion (not part of the verdict): " + m.validity().wireName() + ": " + m.summary(), List.of(f));
        }
        return CheckResult.compose(name(), "mutual exclusion: " + m.validity().wireName() + "; fencing: "
                + f.validity().wireName(), List.of(m, f));
    }
}
