package dev.faultline.checkers.history;

/** What an op record says: an invocation, or one of the three ways it can complete. */
public enum OpType {
    /** The client began the operation. */
    INVOKE,
    /** The operation happened. */
    OK,
    /** The operation definitely did not happen. */
    FAIL,
    /** Unknown: the operation may take effect at any later time, or never. */
    INFO;

    public boolean isCompletion() {
        return this != INVOKE;
    }

    /** The lower-case name used in JSONL and Jepsen histories. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static OpType fromWireName(String s) {
        return switch (s) {
            case "invoke" -> INVOKE;
            case "ok" -> OK;
            case "fail" -> FAIL;
            case "info" -> INFO;
            default -> throw new IllegalArgumentException("unknown op type '" + s + "' (expected invoke, ok, fail or info)");
        };
    }
}
