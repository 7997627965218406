package dev.faultline.checkers.result;

/** A checker's verdict. Ordered from best to worst: combining verdicts keeps the worst. */
public enum Validity {
    VALID(0),
    /** The checker could not decide (a budget ran out); the result names the budget. */
    UNKNOWN(2),
    INVALID(1);

    private final int exitCode;

    Validity(int exitCode) {
        this.exitCode = exitCode;
    }

    /** Process exit code for this verdict: 0 valid, 1 invalid, 2 unknown. */
    public int exitCode() {
        return exitCode;
    }

    public Validity worst(Validity other) {
        return other.ordinal() > ordinal() ? other : this;
    }

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
