package dev.faultline.nemesis;

import dev.faultline.harness.spi.TestOptions;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a fault's {@code --param name=value} options, with errors that name the parameter. */
public final class Params {
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

    private final TestOptions options;

    public Params(TestOptions options) {
        this.options = options;
    }

    public String string(String name, String fallback) {
        return options.param(name, fallback);
    }

    public boolean has(String name) {
        return options.params().containsKey(name);
    }

    public long longValue(String name, long fallback, long min, long max) {
        String raw = options.params().get(name);
        if (raw == null) return fallback;
        long v;
        try {
            v = Long.parseLong(raw.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--param " + name + "=" + raw + ": not a whole number");
        }
        if (v < min || v > max) throw new IllegalArgumentException("--param " + name + "=" + raw + ": must be between " + min + " and " + max);
        return v;
    }

    public double percent(String name, double fallback) {
        String raw = options.params().get(name);
        if (raw == null) return fallback;
        String s = raw.strip();
        if (s.endsWith("%")) s = s.substring(0, s.length() - 1);
        double v;
        try {
            v = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--param " + name + "=" + raw + ": not a percentage (e.g. 5 or 5%)");
        }
        if (!(v >= 0 && v <= 100)) throw new IllegalArgumentException("--param " + name + "=" + raw + ": must be between 0 and 100");
        return v;
    }

    public Duration duration(String name, Duration fallback) {
        String raw = options.params().get(name);
        if (raw == null) return fallback;
        return parseDuration("--param " + name, raw);
    }

    /** "250ms", "2s", "1.5s", "3m", "1h"; a bare number is seconds. */
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

    /** The nemesis interval of the run (default 10 s). */
    public Duration interval() {
        Duration d = options.nemesisInterval();
        if (d == null) return Duration.ofSeconds(10);
        if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("--nemesis-interval must be positive, was " + d);
        return d;
    }

    /** How long one fault may take on one node ({@code --param nemesis.timeout}, default 30 s). */
    public Duration timeout() {
        return duration("nemesis.timeout", Duration.ofSeconds(30));
    }
}
