package dev.faultline.cli;

import dev.faultline.harness.testing.DockerRequired;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.checkers.history.JsonlHistory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Ctrl-C (SIGTERM) of a controller in the middle of a Docker run: faults healed, containers gone, history checkable. */
@Tag("docker")
class DockerInterruptTest {
    @Test
    void anInterruptedDockerRunCleansUpAndLeavesACheckableHistory() throws Exception {
        DockerRequired.check();
        Path store = Files.createDirectories(Path.of("target", "e2e")).resolve("interrupt-" + System.nanoTime());
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), FaultlineCli.class.getName(), "test",
                "--store", store.toString(), "--no-progress", "--target", "raft-kv", "--workload", "register",
                "--nemesis", "partition", "--nodes", "3", "--concurrency", "4", "--time-limit", "120", "--nemesis-interval", "2")
                .redirectErrorStream(true).start();
        long pid = p.pid();
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                r.lines().forEach(l -> output.append(l).append('\n'));
            } catch (java.io.IOException | java.io.UncheckedIOException e) {
                // the process is gone
            }
        });
        reader.start();
        try {
            Path history = null;
            long deadline = System.nanoTime() + 180_000_000_000L;
            while (System.nanoTime() < deadline) {
                Path latest = store.resolve("latest");
                if (Files.exists(latest)) {
                    history = latest.toRealPath().resolve("history.jsonl");
                    if (Files.exists(history) && Files.readString(history).contains("start-partition")
                            && Files.readAllLines(history).size() > 100) break;
                }
                assertThat(p.isAlive()).as("controller still running; output:\n%s", output).isTrue();
                Thread.sleep(200);
            }
            assertThat(history).as("a run with ops and a partition").isNotNull();
            p.destroy(); // SIGTERM, like Ctrl-C
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("controller exits").isTrue();
            reader.join(5000);

            Path run = history.getParent();
            JsonNode test = new ObjectMapper().readTree(run.resolve("test.json").toFile());
            assertThat(test.get("status").asText()).as("output:\n%s", output).isEqualTo("interrupted");
            var prefix = JsonlHistory.readPrefix(history);
            assertThat(prefix.history().nemesisOps()).extracting(o -> o.f()).contains("start-partition", "heal");
            for (String n : new String[] {"n1", "n2", "n3"}) {
                assertThat(run.resolve("nodes/" + n + "/raft-kv.log")).as("log of %s collected before teardown", n).exists();
            }
            assertThat(Files.readString(run.resolve("faultline.log"))).doesNotContain("healing failed");
            Process ps = new ProcessBuilder("docker", "ps", "-aq", "--filter", "label=faultline.pid=" + pid).start();
            String left = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            ps.waitFor();
            assertThat(left).as("containers of the interrupted run").isEmpty();
        } finally {
            p.destroyForcibly();
        }
    }
}
