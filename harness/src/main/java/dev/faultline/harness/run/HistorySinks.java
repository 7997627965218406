package dev.faultline.harness.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.checkers.history.Op;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Where the runner's history goes. */
public final class HistorySinks {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HistorySinks() {
    }

    /** history.jsonl: one op per line, each line handed to the OS before append returns. */
    public static HistoryRecorder.Sink jsonl(Path file) throws IOException {
        OutputStream out = Files.newOutputStream(file);
        return new HistoryRecorder.Sink() {
            @Override
            public synchronized void append(Op op) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("index", op.index());
                m.put("time", op.time());
                m.put("process", op.isNemesis() ? "nemesis" : op.process());
                m.put("type", op.type().wireName());
                m.put("f", op.f());
                if (op.key() != null) m.put("key", op.key());
                m.put("value", op.value());
                if (op.error() != null) m.put("error", op.error());
                try {
                    out.write(JSON.writeValueAsBytes(m));
                    out.write('\n');
                    out.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot append to " + file, e);
                }
            }

            @Override
            public synchronized void close() throws IOException {
                out.close();
            }
        };
    }
}
