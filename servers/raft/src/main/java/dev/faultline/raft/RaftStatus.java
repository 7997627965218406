package dev.faultline.raft;

/**
 * A consistent snapshot of a node's Raft state.
 *
 * @param leader the id of the leader this node currently follows, or null if unknown
 */
public record RaftStatus(String id, Role role, long term, String leader, long commitIndex, long lastApplied,
                         long lastLogIndex, long snapshotIndex) {
}
