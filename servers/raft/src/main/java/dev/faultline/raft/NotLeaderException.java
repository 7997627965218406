package dev.faultline.raft;

/** This node is not the leader; the operation was not started (definite). */
public final class NotLeaderException extends RaftException {
    public NotLeaderException(String nodeId, String leaderHint) {
        super(nodeId + " is not the leader" + (leaderHint == null ? " (leader unknown)" : "; leader is " + leaderHint),
                true, leaderHint);
    }
}
