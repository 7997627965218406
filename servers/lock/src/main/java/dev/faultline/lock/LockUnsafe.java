package dev.faultline.lock;

import java.util.Set;

/** Names of the planted bugs of the lock service and the fenced resource (see docs/lock.md). */
final class LockUnsafe {
    /** Lease expiry is a wall-clock timestamp in the log, compared with the leader's wall clock. */
    static final String WALL_CLOCK_LEASE = "wall-clock-lease";
    /** The fenced resource performs no token check. */
    static final String NO_FENCING = "no-fencing";

    static final Set<String> LOCK_SERVER = Set.of(WALL_CLOCK_LEASE, dev.faultline.raft.Unsafe.NO_FSYNC);
    static final Set<String> RESOURCE = Set.of(NO_FENCING);

    private LockUnsafe() {
    }
}
