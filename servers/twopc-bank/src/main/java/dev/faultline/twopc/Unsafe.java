package dev.faultline.twopc;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Planted bugs, off by default. See docs/twopc-bank.md for the real-world bug each one mimics. */
public enum Unsafe {
    /** Participants keep the prepared state only in memory: a crash after voting yes loses the vote. */
    NO_DURABLE_PREPARE("no-durable-prepare"),
    /** A prepared participant that waits too long for the decision aborts on its own. */
    UNILATERAL_ABORT("unilateral-abort"),
    /** The coordinator acknowledges a commit to the client before forcing its commit decision to disk. */
    ACK_BEFORE_DECISION("ack-before-decision"),
    /**
     * No fsync anywhere (participant log and checkpoint, coordinator decisions, directories): votes
     * and decisions are acknowledged from the kernel's page cache. Survives kill; a power loss
     * (lose-unfsynced) takes them back.
     */
    NO_FSYNC("no-fsync");

    private final String flagName;

    Unsafe(String flagName) {
        this.flagName = flagName;
    }

    public String flagName() {
        return flagName;
    }

    public static Unsafe parse(String name) {
        for (Unsafe u : values()) if (u.flagName.equals(name.trim().toLowerCase(Locale.ROOT))) return u;
        throw new IllegalArgumentException("unknown --unsafe switch '" + name + "' (known: "
                + Arrays.stream(values()).map(Unsafe::flagName).collect(Collectors.joining(", ")) + ")");
    }
}
