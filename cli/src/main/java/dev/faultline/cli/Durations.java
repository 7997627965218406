package dev.faultline.cli;

import dev.faultline.harness.spi.Params;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Durations on the command line: what {@code --param} accepts ({@link Params#parseDuration}:
 * {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, a bare number is seconds) or ISO-8601 {@code PT5M}.
 */
public final class Durations implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    /** A duration above zero, e.g. for timeouts: {@code 0} and {@code -1} are refused naming the value. */
    public static final class Positive implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            if (value.strip().startsWith("-")) throw new TypeConversionException("'" + value + "' is negative; give a positive duration (e.g. 30 or 30s)");
            Duration d = parse(value);
            if (d.isZero() || d.isNegative()) throw new TypeConversionException("'" + value + "' is not above zero; give a positive duration (e.g. 30 or 30s)");
            return d;
        }
    }

    public static Duration parse(String value) {
        try {
            return Params.parseDuration("duration", value);
        } catch (IllegalArgumentException notSimple) {
            try {
                return Duration.parse(value.strip());
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("'" + value + "' is not a duration (examples: 500ms, 30s, 5m, 1h)");
            }
        }
    }
}
