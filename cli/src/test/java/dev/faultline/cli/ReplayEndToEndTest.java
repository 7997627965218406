package dev.faultline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.harness.testing.DockerRequired;
import dev.faultline.results.RecordedSchedule;
import dev.faultline.results.RunRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** `faultline test --replay`: a short raft-kv run under partitions in Docker, then its replay. */
class ReplayEndToEndTest {
    private final E2eStore e2e = new E2eStore("replay");

    @Test
    @Tag("docker")
    void aReplayRepeatsTheRunsOptionsSeedAndPartitionsAtTheirOffsets() throws Exception {
        DockerRequired.check();
        int exit = e2e.test("--target", "raft-kv", "--workload", "register", "--nemesis", "partition", "--seed", "11",
                "--nodes", "3", "--concurrency", "4", "--time-limit", "12", "--nemesis-interval", "2");
        Path recorded = e2e.latestRun();
        assertThat(exit).as("exit code; results: %s", Files.readString(recorded.resolve("results.json"))).isZero();
        RecordedSchedule planned = RecordedSchedule.read(recorded);
        assertThat(planned.faults()).as("partitions in 12 s at a 2 s interval").hasSizeGreaterThanOrEqualTo(3);

        PrintStream oldOut = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            exit = e2e.test("--replay", recorded.toString());
        } finally {
            System.setOut(oldOut);
        }
        Path replay = e2e.latestRun();
        assertThat(replay).isNotEqualTo(recorded);
        JsonNode results = E2eStore.results(replay);
        assertThat(exit).as("exit code; results: %s", results).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("replay: replayed " + planned.faults().size() + " of " + planned.faults().size());

        RunRecord again = RunRecord.read(replay.resolve("test.json"));
        RunRecord before = RunRecord.read(recorded.resolve("test.json"));
        assertThat(List.of(again.seed(), again.target(), again.workload(), again.nemeses(), again.nodeCount(), again.concurrency(), again.timeLimit(), again.nemesisInterval()))
                .isEqualTo(List.of(before.seed(), before.target(), before.workload(), before.nemeses(), before.nodeCount(), before.concurrency(), before.timeLimit(), before.nemesisInterval()));

        RecordedSchedule actual = RecordedSchedule.read(replay);
        assertThat(actual.faults()).extracting(f -> f.invocation().f() + " " + f.invocation().value())
                .containsExactlyElementsOf(planned.faults().stream().map(f -> f.invocation().f() + " " + f.invocation().value()).toList());
        List<Long> late = new ArrayList<>();
        for (int i = 0; i < planned.faults().size(); i++) late.add(Math.abs(actual.faults().get(i).offset().minus(planned.faults().get(i).offset()).toMillis()));
        late.sort(null);
        assertThat(late.get(late.size() / 2)).as("median |replayed - recorded offset| in ms, all: %s", late).isLessThan(1000);

        JsonNode match = null;
        for (JsonNode c : results.path("children")) if (c.path("checker").asText().equals("replay")) match = c;
        assertThat(match).as("the replay check in results.json: %s", results).isNotNull();
        assertThat(match.path("validity").asText()).isEqualTo("valid");
        assertThat(match.path("detail").path("replayed").asInt()).isEqualTo(planned.faults().size());
        assertThat(match.path("detail").path("source").asText()).isEqualTo(recorded.toString());
        assertThat(Files.readString(replay.resolve("report.html"))).contains("<h2>Replay</h2>");
    }
}
