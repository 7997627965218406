package dev.faultline.results;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.faultline.checkers.history.OpType;
import dev.faultline.checkers.result.Validity;
import java.io.IOException;
import java.util.Locale;

/** The one Jackson configuration for everything the results module reads and writes. */
public final class Json {
    private static final ObjectMapper MAPPER = create();

    private Json() {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    private static ObjectMapper create() {
        SimpleModule wire = new SimpleModule("faultline-wire-names");
        wire.addSerializer(Validity.class, new JsonSerializer<>() {
            @Override
            public void serialize(Validity v, JsonGenerator g, SerializerProvider p) throws IOException {
                g.writeString(v.wireName());
            }
        });
        wire.addDeserializer(Validity.class, new JsonDeserializer<>() {
            @Override
            public Validity deserialize(JsonParser p, DeserializationContext c) throws IOException {
                String s = p.getValueAsString();
                try {
                    return Validity.valueOf(s.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException | NullPointerException e) {
                    throw c.weirdStringException(s, Validity.class, "expected valid, invalid or unknown");
                }
            }
        });
        wire.addSerializer(OpType.class, new JsonSerializer<>() {
            @Override
            public void serialize(OpType t, JsonGenerator g, SerializerProvider p) throws IOException {
                g.writeString(t.wireName());
            }
        });
        return new ObjectMapper()
                .registerModule(new Jdk8Module())
                .registerModule(new JavaTimeModule())
                .registerModule(wire)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    }
}
