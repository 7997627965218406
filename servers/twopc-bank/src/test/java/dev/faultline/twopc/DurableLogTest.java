package dev.faultline.twopc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableLogTest {
    @TempDir
    Path tmp;

    @Test
    void recordsComeBackInAppendOrderAcrossReopen() throws Exception {
        Path p = tmp.resolve("x.log");
        try (DurableLog log = DurableLog.open(p, new ArrayList<>())) {
            List<CompletableFuture<Void>> fs = new ArrayList<>();
            for (int i = 0; i < 100; i++) fs.add(log.append(Map.of("n", i), i % 10 == 0));
            log.appendDurably(Map.of("n", 100));
            assertThat(fs).allMatch(CompletableFuture::isDone);
        }
        List<JsonNode> back = DurableLog.readAll(p);
        assertThat(back).hasSize(101);
        for (int i = 0; i <= 100; i++) assertThat(back.get(i).get("n").asInt()).isEqualTo(i);
    }

    @Test
    void aTornLastLineIsCutOffAndTheLogStaysAppendable() throws Exception {
        Path p = tmp.resolve("x.log");
        Files.writeString(p, "{\"n\":1}\n{\"n\":2}\n{\"n\":", StandardCharsets.UTF_8);
        List<JsonNode> recs = new ArrayList<>();
        try (DurableLog log = DurableLog.open(p, recs)) {
            assertThat(recs).hasSize(2);
            log.appendDurably(Map.of("n", 3));
        }
        assertThat(DurableLog.readAll(p)).extracting(n -> n.get("n").asInt()).containsExactly(1, 2, 3);
    }

    @Test
    void aBadLineInTheMiddleNamesFileAndLine() throws IOException {
        Path p = tmp.resolve("x.log");
        Files.writeString(p, "{\"n\":1}\nnot json\n{\"n\":3}\n", StandardOpenOption.CREATE);
        assertThatThrownBy(() -> DurableLog.readAll(p)).isInstanceOf(IOException.class)
                .hasMessageContaining("x.log: line 2: not a JSON record");
    }
}
