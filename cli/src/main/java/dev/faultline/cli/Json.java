package dev.faultline.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.faultline.checkers.result.Validity;
import java.io.IOException;

/** The JSON mapper for command output: verdicts as their wire names ("valid", "invalid", "unknown"). */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new SimpleModule().addSerializer(Validity.class,
            new JsonSerializer<Validity>() {
                @Override
                public void serialize(Validity v, JsonGenerator g, SerializerProvider p) throws IOException {
                    g.writeString(v.wireName());
                }
            }));

    private Json() {}
}
