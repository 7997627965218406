package dev.faultline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.JsonlHistory;
import dev.faultline.checkers.history.Op;
import dev.faultline.harness.testing.DockerRequired;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --nemesis disk} with lose-unfsynced against real raft-kv clusters in Docker: the data
 * directories on the faultline-lazyfs FUSE layer, power losses that undo what was not fsynced.
 */
class DiskFaultsEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path tmp;

    DiskFaultsEndToEndTest() throws java.io.IOException {
        tmp = Files.createDirectories(Path.of("target", "e2e")).resolve(Long.toString(System.nanoTime()));
    }

    private Path run(String targets, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("test", "--store", tmp.resolve("store").toString(), "--no-progress", "--seed", "7",
                "--target", "raft-kv", "--workload", "register", "--nodes", "3", "--concurrency", "6",
                "--time-limit", "20", "--nemesis-interval", "6", "--nemesis", "disk",
                "--param", "disk.faults=lose-unfsynced", "--param", "disk.targets=" + targets));
        args.addAll(List.of(more));
        FaultlineCli.run(args.toArray(String[]::new));
        return tmp.resolve("store/latest").toRealPath();
    }

    /** Bytes the layer undid over the run, from the fault ops' completions. */
    private static long bytesUndone(History h) {
        long bytes = 0;
        for (Op o : h.nemesisOps()) {
            if (o.f().equals("lose-unfsynced") && !o.isInvoke() && o.value() instanceof Map<?, ?> perNode) {
                for (Object v : perNode.values()) {
                    if (v instanceof Map<?, ?> m && m.get("bytes") instanceof Number n) bytes += n.longValue();
                }
            }
        }
        return bytes;
    }

    @Test
    @Tag("docker")
    void noFsyncLosesAcknowledgedWritesInAPowerLoss() throws Exception {
        DockerRequired.check();
        Path run = run("all", "--unsafe", "no-fsync");
        JsonNode results = JSON.readTree(run.resolve("results.json").toFile());
        assertThat(results.get("validity").asText()).as("results: %s", results).isEqualTo("invalid");
        History h = JsonlHistory.read(run.resolve("history.jsonl"));
        assertThat(bytesUndone(h)).as("bytes the power losses undid").isPositive();
    }

    @Test
    @Tag("docker")
    void theSafeBuildSurvivesPowerLossesOfOneNode() throws Exception {
        DockerRequired.check();
        Path run = run("one");
        JsonNode results = JSON.readTree(run.resolve("results.json").toFile());
        assertThat(results.get("validity").asText()).as("results: %s", results).isEqualTo("valid");
        History h = JsonlHistory.read(run.resolve("history.jsonl"));
        assertThat(h.nemesisOps()).extracting(Op::f).contains("lose-unfsynced", "start-disk", "heal");
        assertThat(bytesUndone(h)).as("bytes the power losses undid (unsynced log lines at least)").isPositive();
        assertThat(h.ops().stream().filter(o -> !o.isNemesis() && o.isOk()).count()).isGreaterThan(50);
    }
}
