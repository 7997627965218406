package dev.faultline.harness.spi;

import java.util.List;

/**
 * Optional ability of a {@link Target}: regular expressions that, found in a line of the node logs
 * the run collected ({@link Db#logFiles}), mean something went wrong whatever the history says, e.g.
 * {@code "^panic: "}, {@code "Exception\\b"}, {@code "(?i)data corruption"}, {@code "AssertionError"}.
 * A match makes the run invalid ({@code --log-verdict unknown} makes it unknown). Users add their own
 * with {@code --log-pattern REGEX}.
 */
public interface LogPatterns {
    /** Java regular expressions, each searched for ({@link java.util.regex.Matcher#find}) in every log line. */
    List<String> logPatterns();
}
