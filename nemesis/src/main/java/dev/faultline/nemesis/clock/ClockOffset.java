package dev.faultline.nemesis.clock;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A wall-clock offset in milliseconds, as written to a libfaketime timestamp file.
 *
 * <p>libfaketime 0.9.10 reads the file as a relative offset only when it starts with a sign: a bare
 * number ({@code 3600}) makes it call exit(1), which kills the target, and the rate form
 * ({@code +1h x1.5}) hangs a JVM. So we only ever write {@code +S.mmm} / {@code -S.mmm}, and
 * {@link #fileText()} checks the result again before anything reaches a node.
 */
public record ClockOffset(long millis) {
    /** What we write: a sign, whole seconds, optionally a fraction. */
    static final Pattern WRITABLE = Pattern.compile("[+-]\\d+(\\.\\d{1,3})?");
    /** What we accept when reading a file someone else may have written (libfaketime's relative forms). */
    private static final Pattern READABLE = Pattern.compile("([+-])(\\d+(?:\\.\\d+)?)([smhdy]?)");

    /** Far more than any test needs, and well inside libfaketime's and the JVM's ranges. */
    public static final long MAX_MILLIS = 10L * 365 * 24 * 3600 * 1000;

    public static final ClockOffset ZERO = new ClockOffset(0);

    public ClockOffset {
        if (Math.abs(millis) > MAX_MILLIS) {
            throw new IllegalArgumentException("clock offset " + millis + " ms is beyond ±" + MAX_MILLIS + " ms (10 years)");
        }
    }

    public ClockOffset plus(long deltaMillis) {
        return new ClockOffset(Math.addExact(millis, deltaMillis));
    }

    /** The file contents for libfaketime, e.g. "+1.500", "-0.200", "+0". Always signed. */
    public String fileText() {
        String text;
        if (millis == 0) {
            text = "+0";
        } else {
            long abs = Math.abs(millis);
            String sign = millis < 0 ? "-" : "+";
            text = abs % 1000 == 0 ? sign + abs / 1000 : String.format(java.util.Locale.ROOT, "%s%d.%03d", sign, abs / 1000, abs % 1000);
        }
        if (!WRITABLE.matcher(text).matches()) {
            throw new IllegalStateException("refusing to write clock offset '" + text + "': libfaketime needs a signed value");
        }
        return text;
    }

    /**
     * Parses a timestamp file's first line. An empty or missing file is offset 0.
     *
     * @throws IllegalArgumentException for an absolute time ({@code @2030-...}) or anything unsigned
     */
    public static ClockOffset parse(String text) {
        String s = text == null ? "" : text.strip();
        int nl = s.indexOf('\n');
        if (nl >= 0) s = s.substring(0, nl).strip();
        if (s.isEmpty()) return ZERO;
        Matcher m = READABLE.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("clock file holds '" + s + "', not a signed relative offset such as +1.5 or -2h");
        }
        double seconds = Double.parseDouble(m.group(2)) * switch (m.group(3)) {
            case "m" -> 60;
            case "h" -> 3600;
            case "d" -> 86400;
            case "y" -> 365 * 86400;
            default -> 1;
        };
        long ms = Math.round(seconds * 1000);
        return new ClockOffset(m.group(1).equals("-") ? -ms : ms);
    }
}
