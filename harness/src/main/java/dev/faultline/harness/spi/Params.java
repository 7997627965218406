package dev.faultline.harness.spi;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed reads of a run's {@code --param NAME=VALUE} knobs (for targets, workloads and nemeses). A
 * missing parameter gives the fallback; a bad one is an {@link IllegalArgumentException} whose
 * message names {@code --param NAME} and the value given.
 */
public class Params {
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

    private final TestOptions options;

    public Params(TestOptions options) {
        this.options = options;
    }

    public static Params of(TestOptions options) {
        return new Params(options);
    }

    protected final TestOptions options() {
        return options;
    }

    public String string(String name, String fallback) {
        return options.param(name, fallback);
    }

    public boolean has(String name) {
        return options.params().containsKey(name);
    }

    public long longValue(String name, long fallback) {
        return longValue(name, fallback, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    public long longValue(String name, long fallback, long min, long max) {
        String raw = options.params().get(name);
        if (raw == null) return fallback;
        long v;
        try {
            v = Long.parseLong(raw.strip());
        } catch (NumberFormatException e) {
            throw bad(name, raw, "not an integer");
        }
        if (v < min || v > max) throw bad(name, raw, "must be between " + min + " and " + max);
        return v;
    }

    public int intValue(String name, int fallback) {
        return (int) longValue(name, fallback, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    public double doubleValue(String name, double fallback) {
        String raw = options.params().get(name);
        if (raw == null) return fallback;
        try {
            return Double.parseDouble(raw.strip());
        } catch (NumberFormatException e) {
            throw bad(name, raw, "not a number");
        }
    }

    /** {@code true} or {@code false}. */
    public boolean bool(String name, boolean fallback) {
        String raw = options.params().get(name);
        if (raw == null) return fallback;
        return switch (raw.strip()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw bad(name, raw, "must be true or false");
        };
    }

    /** "5" or "5%", from 0 to 100. */
    public double percent(String name, double fallback) {
        String raw = options.params().get(name);
        if (raw == null) return fallback;
        String s = raw.strip();
        if (s.endsWith("%")) s = s.substring(0, s.length() - 1);
        double v;
        try {
            v = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw bad(name, raw, "not a percentage (e.g. 5 or 5%)");
        }
        if (!(v >= 0 && v <= 100)) throw bad(name, raw, "must be between 0 and 100");
        return v;
    }

    /** A duration with a unit ({@link #parseDuration}). */
    public Duration duration(String name, Duration fallback) {
        String raw = options.params().get(name);
        if (raw == null) return fallback;
        return parseDuration("--param " + name, raw);
    }

    /** A whole number of milliseconds (knobs named {@code *-ms}). */
    public Duration millis(String name, long fallbackMillis) {
        return Duration.ofMillis(longValue(name, fallbackMillis));
    }

    /** A whole number of seconds (knobs named {@code *-s}). */
    public Duration seconds(String name, long fallbackSeconds) {
        return Duration.ofSeconds(longValue(name, fallbackSeconds));
    }

    /** "250ms", "2s", "1.5s", "3m", "1h"; a bare number is seconds. {@code what} names the source in errors. */
    public static Duration parseDuration(String what, String raw) {
        Matcher m = DURATION.matcher(raw.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) throw new IllegalArgumentException(what + "=" + raw + ": not a duration (e.g. 250ms, 2s, 3m)");
        double v = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double ms = switch (unit) {
            case "ms" -> v;
            case "s" -> v * 1e3;
            case "m" -> v * 60e3;
            default -> v * 3600e3;
        };
        return Duration.ofNanos(Math.round(ms * 1e6));
    }

    private static IllegalArgumentException bad(String name, String raw, String why) {
        return new IllegalArgumentException("--param " + name + "=" + raw + ": " + why);
    }
}
