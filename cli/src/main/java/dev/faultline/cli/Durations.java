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
