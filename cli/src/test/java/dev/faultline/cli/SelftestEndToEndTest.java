package dev.faultline.cli;

import dev.faultline.harness.testing.DockerRequired;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code faultline selftest} for real: raft-kv's partition column (safe build and stale-read) in
 * Docker containers with iptables partitions, at 2/3 of the declared time (20 s per run).
 */
class SelftestEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Kept under target/ so that a failed run can be inspected. */
    private final Path tmp;

    SelftestEndToEndTest() throws java.io.IOException {
        tmp = Files.createDirectories(Path.of("target", "e2e")).resolve(Long.toString(System.nanoTime()));
    }


    @Test
    @Tag("docker")
    void raftKvPartitionColumnMatchesItsExpectations() throws Exception {
        DockerRequired.check();
        Path store = tmp.resolve("store");
        StringWriter out = new StringWriter();
        int exit = FaultlineCli.run(new PrintWriter(out), new PrintWriter(System.err, true), "selftest", "--target", "raft-kv",
                "--nemesis", "partition", "--time-limit-scale", "0.67", "--seed", "7", "--no-progress", "--store", store.toString());
        String matrix = out.toString();
        System.out.println(matrix);
        assertThat(exit).as("exit code; matrix:%n%s", matrix).isZero();
        // raft-kv's partition column: the safe build under register and list-append, and three planted bugs
        assertThat(matrix).contains("| valid ✓ [1] / valid ✓ [3]").contains("| caught ✓ [2]").contains("| caught ✓ [4]")
                .contains("| caught ✓ [5]").contains("5 of 5 runs as expected -> exit 0");

        JsonNode json = JSON.readTree(store.resolve("selftest.json").toFile());
        assertThat(json.get("exitCode").asInt()).isZero();
        assertThat(json.get("cases")).hasSize(5);
        for (JsonNode c : json.get("cases")) {
            Path run = Path.of(c.get("runDir").asText());
            JsonNode results = JSON.readTree(run.resolve("results.json").toFile());
            assertThat(results.get("validity").asText()).as("%s", c).isEqualTo(c.get("expected").asText());
            assertThat(Files.readString(run.resolve("history.jsonl"))).contains("start-partition");
            assertThat(JSON.readTree(run.resolve("test.json").toFile()).get("timeLimitSeconds").asDouble()).isBetween(1.0, 20.1);
        }
        // the caught run says when its first anomalous op began, inside the run
        JsonNode caught = json.get("cases").get(1);
        assertThat(caught.get("firstAnomalySeconds").asDouble()).isBetween(0.1, caught.get("seconds").asDouble());
        assertThat(json.get("cases").get(0).get("firstAnomalySeconds").isNull()).isTrue();
        assertThat(json.get("cells").get(1).get("caught").asInt()).isEqualTo(1);
        assertThat(Files.readString(store.resolve("selftest.html"))).contains("caught ✓ [2]").contains("report.html");
    }
}
