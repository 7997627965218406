package dev.faultline.cli;

import dev.faultline.harness.testing.DockerRequired;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.Op;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** `faultline test` against real raft-kv clusters: local processes, and Docker containers with real faults. */
class RaftKvEndToEndTest {
    private static final ObjectMapper JSON = E2eStore.JSON;
    private final E2eStore e2e = new E2eStore("raft-kv");


    @Test
    void localThreeNodeRaftKvWithKillsIsLinearizableTwiceOver() throws Exception {
        int exit = e2e.test("--target", "raft-kv", "--workload", "register", "--nemesis", "kill",
                "--provisioner", "local", "--nodes", "3", "--concurrency", "6", "--time-limit", "10",
                "--nemesis-interval", "3", "--param", "rate=100", "--test-count", "2");
        Path run = e2e.latestRun();
        assertThat(exit).as("exit code; test.json: %s", Files.readString(run.resolve("test.json"))).isZero();
        Path test = e2e.store().resolve("raft-kv-register");
        List<Long> seeds = new ArrayList<>();
        try (var runs = Files.list(test)) {
            for (Path r : runs.filter(Files::isDirectory).toList()) seeds.add(JSON.readTree(r.resolve("test.json").toFile()).get("seed").asLong());
        }
        assertThat(seeds).containsExactlyInAnyOrder(7L, 8L);
        String junit = Files.readString(test.resolve("junit-7-x2.xml"));
        assertThat(junit).contains("tests=\"2\" failures=\"0\" errors=\"0\"").contains("name=\"seed 7\"").contains("name=\"seed 8\"");
        History h = E2eStore.history(run);
        assertThat(h.ops().stream().filter(o -> !o.isNemesis() && o.isOk()).count()).isGreaterThan(100);
        assertThat(h.nemesisOps()).extracting(Op::f).contains("heal");
        assertThat(run.resolve("nodes/n1/raft-kv.log")).exists();
        assertThat(run.resolve("report.html")).exists();
    }

    @Test
    @Tag("docker")
    void dockerThreeNodeRaftKvUnderPartitionsAndKillsIsLinearizable() throws Exception {
        DockerRequired.check();
        int exit = e2e.test("--target", "raft-kv", "--workload", "register", "--nemesis", "partition,kill",
                "--nodes", "3", "--concurrency", "6", "--time-limit", "30", "--nemesis-interval", "4");
        Path run = e2e.latestRun();
        JsonNode results = E2eStore.results(run);
        assertThat(exit).as("exit code; results: %s", results).isZero();
        History h = E2eStore.history(run);
        assertThat(h.nemesisOps()).extracting(Op::f).contains("start-partition", "heal");
    }

    @Test
    @Tag("docker")
    void dockerStaleReadIsCaught() throws Exception {
        DockerRequired.check();
        int exit = e2e.test("--target", "raft-kv", "--workload", "register", "--nemesis", "partition",
                "--nodes", "3", "--concurrency", "6", "--time-limit", "30", "--nemesis-interval", "4",
                "--unsafe", "stale-read");
        Path run = e2e.latestRun();
        String results = Files.readString(run.resolve("results.json"));
        assertThat(exit).as("exit code; results: %s", results).isEqualTo(1);
        assertThat(JSON.readTree(results).get("validity").asText()).isEqualTo("invalid");
        assertThat(results).contains("read");
    }
    @Test
    @Tag("docker")
    void dockerListAppendTransactionsUnderPartitionsAreStrictSerializable() throws Exception {
        DockerRequired.check();
        int exit = e2e.test("--target", "raft-kv", "--workload", "list-append", "--nemesis", "partition",
                "--nodes", "3", "--concurrency", "6", "--time-limit", "15", "--nemesis-interval", "4");
        Path run = e2e.latestRun();
        String results = Files.readString(run.resolve("results.json"));
        assertThat(exit).as("exit code; results: %s", results).isZero();
        assertThat(results).contains("strict-serializable");
        History h = E2eStore.history(run);
        assertThat(h.ops().stream().filter(o -> !o.isNemesis() && o.isOk() && o.f().equals("txn")).count()).isGreaterThan(50);
        assertThat(h.nemesisOps()).extracting(Op::f).contains("start-partition", "heal");
    }

    @Test
    @Tag("docker")
    void dockerTxnSplitIsCaughtAndExplainedInTheReport() throws Exception {
        DockerRequired.check();
        int exit = e2e.test("--target", "raft-kv", "--workload", "list-append", "--nemesis", "partition",
                "--nodes", "3", "--concurrency", "6", "--time-limit", "15", "--nemesis-interval", "4",
                "--unsafe", "txn-split");
        Path run = e2e.latestRun();
        String results = Files.readString(run.resolve("results.json"));
        assertThat(exit).as("exit code; results: %s", results).isEqualTo(1);
        assertThat(JSON.readTree(results).get("validity").asText()).isEqualTo("invalid");
        // the anomalies are explained in words in the report (Elle-style: "Let: ... Then: ...")
        assertThat(Files.readString(run.resolve("report.html"))).contains("a cycle.").contains("Let:");
    }
}
