package dev.faultline.harness.control;

import java.util.List;
import java.util.stream.Collectors;

/** POSIX shell quoting, for turning an argv into one command line (SSH sends a string). */
public final class Shell {
    private Shell() {
    }

    /** Quotes one word so that {@code sh} reads it back unchanged. */
    public static String quote(String word) {
        if (!word.isEmpty() && word.chars().allMatch(Shell::safe)) return word;
        return "'" + word.replace("'", "'\"'\"'") + "'";
    }

    public static String join(List<String> argv) {
        return argv.stream().map(Shell::quote).collect(Collectors.joining(" "));
    }

    private static boolean safe(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "@%+=:,./_-".indexOf(c) >= 0;
    }
}
