package dev.faultline.harness.run;

import dev.faultline.checkers.history.Op;
import dev.faultline.checkers.history.OpType;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressTest {
    @Test
    void theLineShowsPhaseCountsAndTheCurrentFault() throws Exception {
        List<Op> written = new ArrayList<>();
        HistoryRecorder r = new HistoryRecorder(new HistoryRecorder.Sink() {
            public void append(Op op) {
                written.add(op);
            }

            public void close() {
            }
        });
        Op read = Op.invoke(0, "read", "k0", null);
        r.record(read);
        r.record(read.ok(1L));
        Op write = Op.invoke(1, "write", "k0", 2L);
        r.record(write);
        r.record(write.info("timeout"));
        Op part = Op.invoke(Op.NEMESIS, "start-partition", null, "halves");
        r.record(part);
        r.record(part.complete(OpType.INFO, java.util.Map.of("n1", List.of("n2")), null));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Progress p = new Progress(new PrintStream(out, true, StandardCharsets.UTF_8), r, () -> "main", System.nanoTime(), 20)) {
            String line = p.line();
            assertThat(line).contains("main").contains("ops 2").contains("ok 1").contains("fail 0").contains("info 1")
                    .contains("fault: start-partition {n1=[n2]}");
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (out.size() == 0 && System.nanoTime() < deadline) Thread.sleep(10);
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("ops 2");
        assertThat(written).extracting(Op::index).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
    }
}
