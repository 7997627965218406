package dev.faultline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.JsonlHistory;
import dev.faultline.checkers.history.Op;
import dev.faultline.harness.spi.SelfTestCase;
import dev.faultline.harness.testing.DockerRequired;
import dev.faultline.targets.twopc.ThreepcTarget;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * `faultline test --target threepc-bank` on 3 Docker containers, the target's two self-test cases:
 * three-phase commit stays valid when nodes only crash (the coordinator's node included), and a
 * partition makes the cut-off side back out while the other goes forward, which the bank checker
 * reports as money created or destroyed.
 */
@Tag("docker")
class ThreepcBankEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path tmp;

    ThreepcBankEndToEndTest() throws java.io.IOException {
        tmp = Files.createDirectories(Path.of("target", "e2e")).resolve(Long.toString(System.nanoTime()));
    }

    private static SelfTestCase scenario(String build) {
        return new ThreepcTarget().selfTests().stream().filter(c -> c.build().equals(build)).findFirst().orElseThrow();
    }

    private int faultline(SelfTestCase c) {
        List<String> a = new ArrayList<>(List.of("--store", tmp.resolve("store").toString(), "--no-progress", "--seed", "7",
                "--target", ThreepcTarget.NAME, "--workload", c.workload(), "--nodes", Integer.toString(c.nodes()),
                "--concurrency", Integer.toString(c.concurrency()), "--time-limit", Long.toString(c.timeLimit().toSeconds()),
                "--nemesis-interval", Long.toString(c.nemesisInterval().toSeconds()), "--nemesis", String.join(",", c.nemeses())));
        c.params().forEach((k, v) -> a.addAll(List.of("--param", k + "=" + v)));
        return new CommandLine(new TestCommand()).execute(a.toArray(String[]::new));
    }

    private Path latestRun() throws Exception {
        return tmp.resolve("store/latest").toRealPath();
    }

    @Test
    void crashesOnlyStayValid() throws Exception {
        DockerRequired.check();
        int exit = faultline(scenario("safe"));
        Path run = latestRun();
        String results = Files.readString(run.resolve("results.json"));
        History h = JsonlHistory.read(run.resolve("history.jsonl"));
        assertThat(exit).as("exit code; results: %s", results).isZero();
        assertThat(h.ops().stream().filter(o -> !o.isNemesis() && o.isOk() && o.f().equals("transfer")).count()).isPositive();
        assertThat(h.nemesisOps()).extracting(Op::f).contains("kill");
        assertThat(Files.readString(run.resolve("nodes/n1/coordinator.log"))).contains("\"precommit\"");
    }

    @Test
    void aPartitionSplitsTheDecisionAndTheBankCheckerSeesIt() throws Exception {
        DockerRequired.check();
        int exit = faultline(scenario("known-unsafe"));
        Path run = latestRun();
        String results = Files.readString(run.resolve("results.json"));
        assertThat(exit).as("exit code; results: %s", results).isEqualTo(1);
        assertThat(JSON.readTree(results).get("validity").asText()).isEqualTo("invalid");
        JsonNode bank = null;
        for (JsonNode c : JSON.readTree(results).path("children")) if ("bank".equals(c.path("checker").asText())) bank = c;
        assertThat(bank).as("bank checker result in %s", results).isNotNull();
        assertThat(bank.path("validity").asText()).isEqualTo("invalid");
        // The two sides of one transfer decided differently: a read sees a total that is not the initial one.
        assertThat(bank.path("detail").path("wrongTotalCount").asInt()).as(results).isPositive();
        String logs = Files.readString(run.resolve("nodes/n1/twopc-participant.log")) + Files.readString(run.resolve("nodes/n2/twopc-participant.log"))
                + Files.readString(run.resolve("nodes/n3/twopc-participant.log"));
        assertThat(logs).contains("3pc termination: coordinator unreachable");
    }
}
