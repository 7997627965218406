package dev.faultline.checkers.history;

/** A history that cannot be read or is internally inconsistent; the message names where and why. */
public class HistoryException extends RuntimeException {
    private final long opIndex;

    public HistoryException(String message) {
        this(message, -1L);
    }

    public HistoryException(String message, Throwable cause) {
        super(message, cause);
        this.opIndex = -1;
    }

    /** An inconsistency found at the op with this (0-based, dense) index, so readers can name the source line. */
    public HistoryException(String message, long opIndex) {
        super(message);
        this.opIndex = opIndex;
    }

    /** The index of the offending op, or -1 if the problem is not tied to one op. */
    public long opIndex() {
        return opIndex;
    }
}
