package dev.faultline.checkers.history;

/** A history that cannot be read or is internally inconsistent; the message names where and why. */
public class HistoryException extends RuntimeException {
    public HistoryException(String message) {
        super(message);
    }

    public HistoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
