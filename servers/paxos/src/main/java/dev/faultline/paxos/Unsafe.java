package dev.faultline.paxos;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Planted bugs, off by default. docs/paxos.md tells what each one breaks and which fault shows it. */
enum Unsafe {
    /** The acceptor keeps its promise in memory only: after a restart it accepts ballots below the one it promised. */
    NO_PERSIST_PROMISE("no-persist-promise"),
    /** A proposer that won the last round on a key skips phase 1 and proposes from its cached value. */
    SKIP_PREPARE("skip-prepare"),
    /** A read answers the contacted node's own accepted value, without a round. */
    LOCAL_READ("local-read"),
    /** The acceptor answers promises and accepts once its log is written, without fsync: a power loss takes them back. */
    NO_FSYNC("no-fsync");

    private final String flagName;

    Unsafe(String flagName) {
        this.flagName = flagName;
    }

    String flagName() {
        return flagName;
    }

    static Unsafe parse(String name) {
        for (Unsafe u : values()) if (u.flagName.equals(name.trim().toLowerCase(Locale.ROOT))) return u;
        throw new IllegalArgumentException("--unsafe: unknown name '" + name.trim() + "' (known: "
                + Arrays.stream(values()).map(Unsafe::flagName).collect(Collectors.joining(", ")) + ")");
    }
}
