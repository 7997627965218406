package dev.faultline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.Op;
import dev.faultline.harness.testing.DockerRequired;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** `faultline test` against real 3-node Paxos clusters in Docker containers with real faults. */
class PaxosEndToEndTest {
    private static final ObjectMapper JSON = E2eStore.JSON;
    private final E2eStore e2e = new E2eStore("paxos");

    @Test
    @Tag("docker")
    void dockerThreeNodePaxosUnderPartitionsAndKillsIsLinearizable() throws Exception {
        DockerRequired.check();
        // One node killed at a time: killing two or three of three keeps the store down for most of a
        // short run (measured: 34 ok ops in 20 s), which proves little.
        int exit = e2e.test("--target", "paxos", "--workload", "register", "--nemesis", "partition,kill",
                "--nodes", "3", "--concurrency", "6", "--time-limit", "20", "--nemesis-interval", "4",
                "--param", "kill.targets=one");
        Path run = e2e.latestRun();
        JsonNode results = E2eStore.results(run);
        assertThat(exit).as("exit code; results: %s", results).isZero();
        History h = E2eStore.history(run);
        assertThat(h.ops().stream().filter(o -> !o.isNemesis() && o.isOk()).count()).isGreaterThan(50);
        assertThat(h.nemesisOps()).extracting(Op::f).contains("heal");
        assertThat(run.resolve("nodes/n1/paxos.log")).exists();
    }

    @Test
    @Tag("docker")
    void dockerSkipPrepareIsCaught() throws Exception {
        DockerRequired.check();
        int exit = e2e.test("--target", "paxos", "--workload", "register", "--nemesis", "partition",
                "--nodes", "3", "--concurrency", "6", "--time-limit", "30", "--nemesis-interval", "4",
                "--unsafe", "skip-prepare");
        Path run = e2e.latestRun();
        String results = Files.readString(run.resolve("results.json"));
        assertThat(exit).as("exit code; results: %s", results).isEqualTo(1);
        assertThat(JSON.readTree(results).get("validity").asText()).isEqualTo("invalid");
    }
}
