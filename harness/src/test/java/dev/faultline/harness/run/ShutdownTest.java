package dev.faultline.harness.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.JsonlHistory;
import dev.faultline.checkers.history.Op;
import dev.faultline.results.RunDir;
import dev.faultline.results.RunRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Kills a controller JVM (SIGTERM, as Ctrl-C or kill would) in the middle of a run. */
class ShutdownTest {
    @TempDir
    Path tmp;

    @Test
    void aControllerKilledMidRunHealsTearsDownAndLeavesACheckableHistory() throws Exception {
        Path marker = tmp.resolve("healed");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), InterruptibleRunMain.class.getName(),
                tmp.resolve("store").toString(), marker.toString())
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine();
            assertThat(first).startsWith("RUN ");
            Path runDir = Path.of(first.substring(4));
            Path history = runDir.resolve(RunDir.HISTORY);
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (System.nanoTime() < deadline && (!Files.exists(history) || Files.readAllLines(history).size() < 200)) {
                Thread.sleep(50);
            }
            assertThat(Files.readAllLines(history).size()).as("ops recorded before the kill").isGreaterThanOrEqualTo(200);
            p.destroy(); // SIGTERM: the JVM runs its shutdown hooks
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("controller exits").isTrue();

            JsonlHistory.Prefix prefix = JsonlHistory.readPrefix(history);
            History h = prefix.history();
            assertThat(h.size()).isGreaterThanOrEqualTo(200);
            List<Op> nemesis = h.nemesisOps();
            assertThat(nemesis).extracting(Op::f).contains("heal");
            assertThat(Files.readString(marker)).startsWith("healed");
            ObjectMapper json = new ObjectMapper();
            JsonNode test = json.readTree(runDir.resolve(RunDir.RECORD).toFile());
            assertThat(test.get("status").asText()).isEqualTo("interrupted");
            assertThat(RunRecord.read(runDir.resolve(RunDir.RECORD)).status()).isEqualTo(RunRecord.Status.INTERRUPTED);
            assertThat(json.readTree(runDir.resolve(RunDir.RESULTS).toFile()).get("validity").asText()).isEqualTo("unknown");
            assertThat(runDir.resolve("nodes/n1/server.log")).exists();
        } finally {
            p.destroyForcibly();
        }
    }
}
