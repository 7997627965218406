package dev.faultline.harness.control;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** POSIX shell quoting, for turning an argv into one command line (SSH sends a string) and words into scripts. */
public final class Shell {
    private static final Pattern SAFE_WORD = Pattern.compile("[A-Za-z0-9._:+@%/=-]+");

    private Shell() {
    }

    /** Quotes one word so that {@code sh} reads it back unchanged. */
    public static String quote(String word) {
        if (!word.isEmpty() && word.chars().allMatch(Shell::safe)) return word;
        return "'" + word.replace("'", "'\"'\"'") + "'";
    }

    /** Returns {@code s} if it is a plain word (node names, numbers, paths); rejects anything a shell could misread. */
    public static String word(String what, String s) {
        if (s == null || !SAFE_WORD.matcher(s).matches()) {
            throw new IllegalArgumentException(what + " '" + s + "' must match " + SAFE_WORD.pattern());
        }
        return s;
    }

    public static String join(List<String> argv) {
        return argv.stream().map(Shell::quote).collect(Collectors.joining(" "));
    }

    private static boolean safe(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "@%+=:,./_-".indexOf(c) >= 0;
    }
}
