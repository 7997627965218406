package dev.faultline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One short local raft-kv run with a user log pattern that every server's startup line matches and
 * an availability minimum no run under kills reaches: both make it invalid, each with its reason,
 * in results.json, report.html and junit.xml.
 */
class RunChecksEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aLogPatternMatchAndLowAvailabilityMakeALocalRunInvalid() throws Exception {
        Path tmp = Files.createDirectories(Path.of("target", "e2e")).resolve("checks-" + System.nanoTime());
        List<String> args = new ArrayList<>(List.of("test", "--store", tmp.resolve("store").toString(), "--no-progress", "--seed", "11",
                "--target", "raft-kv", "--workload", "register", "--nemesis", "kill", "--provisioner", "local", "--nodes", "3",
                "--concurrency", "4", "--time-limit", "8", "--nemesis-interval", "2", "--param", "rate=100",
                "--log-pattern", "serving the KV API", "--min-availability", "0.999"));
        int exit = FaultlineCli.run(args.toArray(String[]::new));
        Path run = tmp.resolve("store/latest").toRealPath();
        JsonNode results = JSON.readTree(run.resolve("results.json").toFile());

        assertThat(exit).as("results: %s", results).isEqualTo(1);
        assertThat(results.path("checker").asText()).isEqualTo("run");
        assertThat(results.path("validity").asText()).isEqualTo("invalid");
        JsonNode children = results.path("children");
        assertThat(children.path(0).path("checker").asText()).isEqualTo("linearizable");
        assertThat(children.path(0).path("validity").asText()).as("the safe build stays linearizable").isEqualTo("valid");

        JsonNode availability = children.path(1);
        assertThat(availability.path("checker").asText()).isEqualTo("availability");
        assertThat(availability.path("validity").asText()).isEqualTo("invalid");
        assertThat(availability.path("summary").asText()).contains("below --min-availability 0.999");
        assertThat(availability.path("detail").path("ops").findValuesAsText("f")).contains("read");

        JsonNode logs = children.path(2);
        assertThat(logs.path("checker").asText()).isEqualTo("log-patterns");
        assertThat(logs.path("validity").asText()).isEqualTo("invalid");
        JsonNode first = logs.path("detail").path("matches").path(0);
        assertThat(first.path("node").asText()).isEqualTo("n1");
        assertThat(first.path("file").asText()).isEqualTo("raft-kv.log");
        assertThat(first.path("line").asLong()).isPositive();
        assertThat(first.path("text").asText()).contains("serving the KV API");
        assertThat(first.path("from").asText()).isEqualTo("--log-pattern");
        // every start of every server (three, plus one per kill's restart) logs the line
        assertThat(logs.path("detail").path("count").asLong()).isGreaterThanOrEqualTo(3);

        JsonNode clock = children.path(3);
        assertThat(clock.path("checker").asText()).isEqualTo("host-clock");
        assertThat(clock.path("validity").asText()).as("informational: never the verdict").isEqualTo("valid");
        assertThat(clock.path("detail").path("sampleMillis").asLong()).isEqualTo(250);
        assertThat(clock.path("detail").path("steps").isArray()).isTrue();

        assertThat(Files.readString(run.resolve("report.html"))).contains("id=\"availability\"").contains("id=\"log-patterns\"")
                .contains("raft-kv.log:" + first.path("line").asLong());
        assertThat(Files.readString(run.resolve("junit.xml"))).contains("name=\"availability\"").contains("name=\"log-patterns\"");
    }
}
