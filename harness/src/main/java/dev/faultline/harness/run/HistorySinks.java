package dev.faultline.harness.run;

import dev.faultline.checkers.history.JsonlHistoryWriter;
import dev.faultline.checkers.history.Op;

import java.io.IOException;
import java.nio.file.Path;

/** Where the runner's history goes. */
public final class HistorySinks {
    private HistorySinks() {
    }

    /** history.jsonl, through the checkers' writer: each line reaches the OS before append returns. */
    public static HistoryRecorder.Sink jsonl(Path file) throws IOException {
        JsonlHistoryWriter writer = JsonlHistoryWriter.create(file);
        return new HistoryRecorder.Sink() {
            @Override
            public void append(Op op) {
                writer.append(op);
            }

            @Override
            public void close() throws IOException {
                writer.close();
            }
        };
    }
}
