package dev.faultline.raft;

/** The Raft role of a node. */
public enum Role {
    FOLLOWER, CANDIDATE, LEADER;

    /** Lower-case name as used in JSON status answers ({@code "leader"}). */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
