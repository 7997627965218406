package dev.faultline.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.checkers.history.Edn;
import dev.faultline.checkers.history.HistoryException;
import dev.faultline.checkers.history.Values;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses a model's initial state given as JSON ({@code 0}, {@code {"x":0}}) or EDN ({@code {:x 0 :y 0}}, {@code nil}). */
final class InitialStates implements ITypeConverter<Object> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @Override
    public Object convert(String value) {
        try {
            return Values.fromJson(JSON.readTree(value));
        } catch (Exception notJson) {
            try {
                return Edn.parse(value, "--initial");
            } catch (HistoryException e) {
                throw new TypeConversionException("'" + value + "' is neither JSON nor EDN: " + e.getMessage());
            }
        }
    }
}
