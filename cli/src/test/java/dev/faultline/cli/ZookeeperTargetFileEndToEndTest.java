package dev.faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.Op;
import dev.faultline.harness.testing.DockerRequired;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * ZooKeeper 3.8 (Debian's zookeeperd) as a target file with a kazoo protocol client
 * (examples/zookeeper, docs/zookeeper.md), the register workload under partitions that cut n1 off
 * from n2 and n3. n1 is always a follower: a leader election among members with equal state picks
 * the highest server id, and every quorum holds n2 or n3. An isolated follower keeps answering
 * its clients from its own state until it notices the leader is gone (syncLimit x tickTime =
 * 2.5 s), while the majority moves on: plain reads there are stale, sync + read fails instead.
 * Needs Debian's python3-kazoo on the controller (.ci/run installs it).
 */
@Tag("docker")
class ZookeeperTargetFileEndToEndTest {
    private static final ObjectMapper JSON = E2eStore.JSON;
    private static final String TARGET_FILE = Path.of("..", "examples", "zookeeper", "target.yaml").toString();

    private final E2eStore e2e = new E2eStore("zookeeper");

    private int register(int concurrency, int seconds, int interval, String... extra) {
        List<String> all = new ArrayList<>(List.of("--target-file", TARGET_FILE, "--workload", "register", "--nodes", "3",
                "--concurrency", Integer.toString(concurrency), "--time-limit", Integer.toString(seconds), "--nemesis", "partition",
                "--nemesis-interval", Integer.toString(interval), "--param", "partition.targets=n1|n2,n3"));
        all.addAll(List.of(extra));
        return e2e.test(all);
    }

    /**
     * Stale reads need a client on n1 that reads, not one blocked on a write, while the majority
     * overwrites its key: 5 clients per member and a partition every 8 s make that near certain
     * (caught in 3 of 3 runs with these settings; with 3 clients per member and 20 s, 4 of 5).
     */
    @Test
    void plainReadsFromAnIsolatedFollowerAreCaught() throws Exception {
        DockerRequired.check();
        int exit = register(15, 30, 4, "--unsafe", "plain-reads");
        Path run = e2e.latestRun();
        String results = Files.readString(run.resolve("results.json"));
        assertThat(exit).as("exit code; results: %s", results).isEqualTo(1);
        assertThat(JSON.readTree(results).get("validity").asText()).isEqualTo("invalid");
        assertThat(results).contains("read -> ok", "cannot be linearized");
    }

    @Test
    void syncThenReadStaysLinearizableUnderTheSamePartitions() throws Exception {
        DockerRequired.check();
        int exit = register(9, 20, 5);
        Path run = e2e.latestRun();
        JsonNode results = E2eStore.results(run);
        assertThat(exit).as("exit code; results: %s", results).isZero();
        History h = E2eStore.history(run);
        assertThat(h.nemesisOps()).extracting(Op::f).contains("start-partition", "heal");
        assertThat(h.ops().stream().filter(o -> !o.isNemesis() && o.isOk() && o.f().equals("read")).count()).as("ok reads").isGreaterThan(50);
        assertThat(h.ops().stream().filter(o -> !o.isNemesis() && o.isOk() && o.f().equals("write")).count()).as("ok writes").isGreaterThan(50);
    }
}
