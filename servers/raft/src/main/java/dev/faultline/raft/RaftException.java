package dev.faultline.raft;

/**
 * Why a proposal or read did not complete normally.
 *
 * <p>{@link #definite()} tells the caller whether the operation certainly did not take effect
 * ({@code true}: e.g. this node is not the leader and never appended it) or may still take effect
 * ({@code false}: e.g. the leader appended it and then lost leadership).
 */
public class RaftException extends RuntimeException {
    private final boolean definite;
    private final String leaderHint;

    public RaftException(String message, boolean definite, String leaderHint) {
        super(message);
        this.definite = definite;
        this.leaderHint = leaderHint;
    }

    public boolean definite() {
        return definite;
    }

    /** The id of the node believed to be leader, or null. */
    public String leaderHint() {
        return leaderHint;
    }
}
