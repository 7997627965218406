package dev.faultline.cli;

import dev.faultline.checkers.result.Validity;

/** Process exit codes: 0 valid, 1 invalid, 2 unknown, 3 crash. Combining keeps the worst. */
public final class ExitCodes {
    public static final int VALID = 0;
    public static final int INVALID = 1;
    public static final int UNKNOWN = 2;
    public static final int CRASH = 3;

    private ExitCodes() {}

    public static int of(Validity v) {
        return v.exitCode();
    }

    /** The worse of two exit codes: crash, then invalid, then unknown, then valid. */
    public static int worst(int a, int b) {
        return rank(a) >= rank(b) ? a : b;
    }

    private static int rank(int code) {
        return switch (code) {
            case VALID -> 0;
            case UNKNOWN -> 1;
            case INVALID -> 2;
            default -> 3;
        };
    }
}
