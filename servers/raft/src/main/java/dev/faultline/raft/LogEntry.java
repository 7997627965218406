package dev.faultline.raft;

/** One log entry. A no-op (appended by a new leader) has {@code noop == true} and empty data. */
record LogEntry(long term, boolean noop, byte[] data) {
    static final byte[] EMPTY = new byte[0];

    static LogEntry noop(long term) {
        return new LogEntry(term, true, EMPTY);
    }

    /** Bytes this entry takes in a log record payload. */
    int payloadSize() {
        return 8 + 1 + data.length;
    }
}
