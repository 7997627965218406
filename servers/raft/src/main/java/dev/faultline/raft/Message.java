package dev.faultline.raft;

import java.util.List;

/** Raft RPCs between peers. Every message names its sender. */
sealed interface Message {
    String from();

    long term();

    /**
     * @param preVote a pre-vote (thesis 9.6): "would you vote for me in {@code term}?" It changes no
     *                state on the receiver; only a majority of yeses starts the real election.
     */
    record VoteRequest(String from, long term, long lastLogIndex, long lastLogTerm, boolean preVote)
            implements Message {
    }

    record VoteResponse(String from, long term, boolean granted, boolean preVote) implements Message {
    }

    /**
     * @param seq the leader's heartbeat round, echoed back so ReadIndex can count acknowledgements
     * @param leaderInfo the leader's {@link RaftConfig#advertisedInfo()} (may be null)
     */
    record AppendRequest(String from, long term, long prevIndex, long prevTerm, List<LogEntry> entries,
                         long leaderCommit, long seq, String leaderInfo) implements Message {
    }

    /**
     * @param matchIndex on success, the last index known to match the leader's log
     * @param conflictIndex on failure, where the leader should retry from (fast backup)
     * @param conflictTerm on failure, the follower's term at prevIndex, or -1 if its log is too short
     */
    record AppendResponse(String from, long term, boolean success, long matchIndex, long conflictIndex,
                          long conflictTerm, long seq) implements Message {
    }

    record SnapshotRequest(String from, long term, long lastIndex, long lastTerm, byte[] data, long seq,
                           String leaderInfo) implements Message {
    }

    record SnapshotResponse(String from, long term, long lastIndex, long seq) implements Message {
    }
}
