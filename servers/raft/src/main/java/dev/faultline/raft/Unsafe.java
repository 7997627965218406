package dev.faultline.raft;

/**
 * Names of the planted bugs the Raft library itself implements (pass them in
 * {@link RaftConfig#unsafe()}). Applications may put their own names in the same set and read them
 * back with {@link RaftConfig#isUnsafe(String)}; unknown names are ignored by the library.
 */
public final class Unsafe {
    /**
     * Figure 8 of the Raft paper: the leader commits entries of earlier terms as soon as a majority
     * stores them (instead of only entries of its own term), and it skips the election no-op.
     */
    public static final String COMMIT_OLD_TERM = "commit-old-term";

    /** Votes are granted without the "candidate's log is at least as up-to-date" check. */
    public static final String VOTE_WITHOUT_LOG_CHECK = "vote-without-log-check";

    /**
     * No fsync at all (log appends, term and vote, snapshots, directories): the node acknowledges
     * writes and grants votes that only the kernel's page cache holds. Survives {@code kill}; a
     * power loss ({@code --nemesis disk}, lose-unfsynced) loses them.
     */
    public static final String NO_FSYNC = "no-fsync";

    private Unsafe() {
    }
}
