package dev.faultline.cli;

import com.fasterxml.jackson.databind.JsonNode;
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
 * partition makes a cut-off participant back out while the coordinator's side goes forward, which
 * the bank checker reports (docs/twopc-bank.md, "Partitions: the split").
 */
@Tag("docker")
class ThreepcBankEndToEndTest {
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
        JsonNode bank = null;
        for (JsonNode c : E2eStore.JSON.readTree(results).path("children")) if ("bank".equals(c.path("checker").asText())) bank = c;
        assertThat(bank).as("bank checker result in %s", results).isNotNull();
        assertThat(bank.path("validity").asText()).as(results).isEqualTo("invalid");
        // Half of a transfer applied: a wrong total, or (when the halves of several split transfers cancel
        // out in the total) balances that no set of whole transfers explains.
        JsonNode detail = bank.path("detail");
        assertThat(detail.path("wrongTotalCount").asInt() + detail.path("balanceAnomalyCount").asInt()).as(results).isPositive();
        assertThat(E2eStore.history(run).nemesisOps()).extracting(Op::f).contains("start-partition");
        StringBuilder logs = new StringBuilder();
        for (String n : new String[] {"n1", "n2", "n3"}) logs.append(Files.readString(run.resolve("nodes/" + n + "/twopc-participant.log")));
        assertThat(logs.toString()).containsPattern("3pc termination: coordinator unreachable; prepared t-\\S+ decides abort");
    }
}
