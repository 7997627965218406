package dev.faultline.nemesis;

import dev.faultline.harness.control.ExecResult;
import dev.faultline.harness.control.Node;

import java.time.Duration;
import java.util.regex.Pattern;

/** Small helpers for the shell scripts faults run on nodes. */
public final class Shell {
    private static final Pattern SAFE_WORD = Pattern.compile("[A-Za-z0-9._:+@%/=-]+");

    private Shell() {
    }

    /** Single-quotes {@code s} for a POSIX shell. */
    public static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** Returns {@code s} if it is a plain word (node names, numbers, paths); rejects anything a shell could misread. */
    public static String word(String what, String s) {
        if (s == null || !SAFE_WORD.matcher(s).matches()) {
            throw new IllegalArgumentException(what + " '" + s + "' must match " + SAFE_WORD.pattern());
        }
        return s;
    }

    /** Runs {@code script} on {@code node} and returns its stdout, or throws with the script's stderr. */
    public static String run(Node node, String what, String script, Duration timeout) {
        ExecResult r = node.remote().sh(script, timeout);
        r.orThrow(what + " on " + node.name());
        return r.stdout();
    }
}
