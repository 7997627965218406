package dev.faultline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.Op;
import dev.faultline.harness.spi.SelfTestCase;
import dev.faultline.harness.testing.DockerRequired;
import dev.faultline.targets.twopc.ThreepcTarget;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * `faultline test --target threepc-bank` on 3 Docker containers, the target's two self-test cases:
 * three-phase commit stays valid when nodes only crash (the coordinator's node included), and a
 * partition makes the cut-off side back out while the other goes forward, which the bank checker
 * reports as money created or destroyed.
 */
@Tag("docker")
class ThreepcBankEndToEndTest {
    private static final ObjectMapper JSON = E2eStore.JSON;
    private final E2eStore e2e = new E2eStore("threepc-bank");

    private static SelfTestCase scenario(String build) {
        return new ThreepcTarget().selfTests().stream().filter(c -> c.build().equals(build)).findFirst().orElseThrow();
    }

    private int faultline(SelfTestCase c) {
        return e2e.test(E2eStore.args(ThreepcTarget.NAME, c));
    }

    @Test
    void crashesOnlyStayValid() throws Exception {
        DockerRequired.check();
        int exit = faultline(scenario("safe"));
        Path run = e2e.latestRun();
        String results = Files.readString(run.resolve("results.json"));
        History h = E2eStore.history(run);
        assertThat(exit).as("exit code; results: %s", results).isZero();
        assertThat(h.ops().stream().filter(o -> !o.isNemesis() && o.isOk() && o.f().equals("transfer")).count()).isPositive();
        assertThat(h.nemesisOps()).extracting(Op::f).contains("kill");
        assertThat(Files.readString(run.resolve("nodes/n1/coordinator.log"))).contains("\"precommit\"");
    }

    @Test
    void aPartitionSplitsTheDecisionAndTheBankCheckerSeesIt() throws Exception {
        DockerRequired.check();
        int exit = faultline(scenario("known-unsafe"));
        Path run = e2e.latestRun();
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
