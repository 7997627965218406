package dev.faultline.checkers.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlHistoryTest {
    @TempDir Path dir;

    @Test
    void roundTripsEveryField() throws Exception {
        Path file = dir.resolve("history.jsonl");
        Op inv = new Op(-1, 10, 3, OpType.INVOKE, "cas", "k1", List.of(1L, 2L), null);
        Op nem = new Op(-1, 15, Op.NEMESIS, OpType.INFO, "start-partition", null, Map.of("n1", List.of("n3", "n4")), null);
        Op fail = new Op(-1, 20, 3, OpType.FAIL, "cas", "k1", List.of(1L, 2L), "timeout");
        try (JsonlHistoryWriter w = JsonlHistoryWriter.create(file)) {
            w.append(inv);
            w.append(nem);
            w.append(fail);
        }
        assertThat(Files.readAllLines(file).get(0))
                .isEqualTo("{\"index\":0,\"time\":10,\"process\":3,\"type\":\"invoke\",\"f\":\"cas\",\"key\":\"k1\",\"value\":[1,2]}");
        History h = JsonlHistory.read(file);
        assertThat(h.ops()).containsExactly(inv.withIndex(0), nem.withIndex(1), fail.withIndex(2));
        assertThat(h.completion(0)).isEqualTo(2);
        assertThat(h.get(0).value()).isEqualTo(List.of(1L, 2L));
    }

    @Test
    void integersAreReadAsLong() throws Exception {
        Path file = write("{\"process\":1,\"type\":\"invoke\",\"f\":\"write\",\"value\":{\"a\":[7,2.5,true,null,\"s\"]}}");
        Object v = JsonlHistory.read(file).get(0).value();
        assertThat(v).isEqualTo(Map.of("a", java.util.Arrays.asList(7L, 2.5, true, null, "s")));
        assertThat(((List<?>) ((Map<?, ?>) v).get("a")).get(0)).isInstanceOf(Long.class);
    }

    @Test
    void errorsNameFileLineAndField() throws Exception {
        Path file = write(
                "{\"process\":1,\"type\":\"invoke\",\"f\":\"read\",\"value\":null}",
                "{\"process\":1,\"type\":\"okay\",\"f\":\"read\",\"value\":3}",
                "{\"process\":1,\"type\":\"ok\",\"f\":\"read\",\"value\":3}");
        assertThatThrownBy(() -> JsonlHistory.read(file))
                .isInstanceOf(HistoryException.class)
                .hasMessageContaining(file + " line 2: field 'type': unknown op type 'okay'");
        Path noProcess = write("{\"type\":\"invoke\",\"f\":\"read\"}");
        assertThatThrownBy(() -> JsonlHistory.read(noProcess)).hasMessageContaining("line 1: field 'process': missing");
        Path badF = write("{\"process\":1,\"type\":\"invoke\",\"f\":3}");
        assertThatThrownBy(() -> JsonlHistory.read(badF)).hasMessageContaining("line 1: field 'f': expected a string");
        Path unknown = write("{\"process\":1,\"type\":\"invoke\",\"f\":\"read\",\"vaule\":1}");
        assertThatThrownBy(() -> JsonlHistory.read(unknown)).hasMessageContaining("line 1: field 'vaule': unknown field");
    }

    @Test
    void malformedLineInTheMiddleIsAnErrorEvenWhenLenient() throws Exception {
        Path file = write(
                "{\"process\":1,\"type\":\"invoke\",\"f\":\"read\",\"value\":null}",
                "{\"process\":1,\"type\":",
                "{\"process\":1,\"type\":\"ok\",\"f\":\"read\",\"value\":3}");
        assertThatThrownBy(() -> JsonlHistory.readPrefix(file)).hasMessageContaining(file + " line 2: malformed JSON");
    }

    @Test
    void truncatedLastLineIsRecoveredByTheLenientReader() throws Exception {
        Path file = dir.resolve("cut.jsonl");
        Files.writeString(file, "{\"process\":1,\"type\":\"invoke\",\"f\":\"read\",\"value\":null}\n"
                + "{\"process\":1,\"type\":\"ok\",\"f\":\"read\",\"value\":3}\n{\"process\":2,\"type\":\"inv", StandardCharsets.UTF_8);
        JsonlHistory.Prefix p = JsonlHistory.readPrefix(file);
        assertThat(p.history().size()).isEqualTo(2);
        assertThat(p.truncated()).hasMessageContaining("line 3: malformed JSON");
        assertThatThrownBy(() -> JsonlHistory.read(file)).hasMessageContaining("line 3");
    }

    @Test
    void inconsistenciesNameTheLine() throws Exception {
        Path orphan = write(
                "{\"process\":1,\"type\":\"invoke\",\"f\":\"read\",\"value\":null}",
                "",
                "{\"process\":2,\"type\":\"ok\",\"f\":\"read\",\"value\":3}");
        assertThatThrownBy(() -> JsonlHistory.read(orphan))
                .hasMessageContaining(orphan + " line 3: inconsistent history")
                .hasMessageContaining("process 2 completes read (ok) but has no op in flight");
        Path twice = write(
                "{\"process\":1,\"type\":\"invoke\",\"f\":\"read\",\"value\":null}",
                "{\"process\":1,\"type\":\"invoke\",\"f\":\"write\",\"value\":1}");
        assertThatThrownBy(() -> JsonlHistory.read(twice)).hasMessageContaining("line 2: inconsistent history")
                .hasMessageContaining("still in flight");
    }

    @Test
    void concurrentAppendsProduceWholeLines() throws Exception {
        Path file = dir.resolve("concurrent.jsonl");
        int threads = 4, perThread = 500;
        try (JsonlHistoryWriter w = JsonlHistoryWriter.create(file)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            for (int t = 0; t < threads; t++) {
                int p = t;
                pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        Op inv = Op.invoke(p, "write", null, (long) i);
                        w.append(inv);
                        w.append(inv.ok((long) i));
                    }
                });
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            assertThat(w.count()).isEqualTo(2L * threads * perThread);
        }
        History h = JsonlHistory.read(file);
        assertThat(h.size()).isEqualTo(2 * threads * perThread);
        for (int i = 0; i < h.size(); i++) assertThat(h.get(i).index()).isEqualTo(i);
    }

    private int files;

    private Path write(String... lines) throws Exception {
        Path file = dir.resolve("h" + (files++) + ".jsonl");
        Files.write(file, List.of(lines), StandardCharsets.UTF_8);
        return file;
    }
}
