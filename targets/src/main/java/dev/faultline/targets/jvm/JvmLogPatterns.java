package dev.faultline.targets.jvm;

import java.util.List;

/**
 * Log lines that mean a JVM server went wrong whatever the history says ({@link
 * dev.faultline.harness.spi.LogPatterns}): an uncaught exception killed a thread, an assertion
 * failed, the heap ran out, or the server itself reports corrupt data. Handled exceptions
 * (a refused connection during a partition) are logged by our servers too, so a bare
 * {@code Exception} is deliberately not among them.
 */
public final class JvmLogPatterns {
    public static final List<String> DEFAULT = List.of(
            "Exception in thread \"",
            "java\\.lang\\.AssertionError",
            "java\\.lang\\.OutOfMemoryError",
            "(?i)data corruption");

    private JvmLogPatterns() {
    }

    /** {@link #DEFAULT} and then {@code more}. */
    public static List<String> with(String... more) {
        return java.util.stream.Stream.concat(DEFAULT.stream(), java.util.Arrays.stream(more)).toList();
    }
}
