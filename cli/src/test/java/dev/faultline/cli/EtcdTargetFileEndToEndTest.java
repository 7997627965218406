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
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * etcd re-expressed as a target file with a Python protocol client (examples/etcd): the verdicts of
 * the built-in etcd target (EtcdEndToEndTest) under the same faults, with no Java of the target's.
 */
@Tag("docker")
class EtcdTargetFileEndToEndTest {
    private static final ObjectMapper JSON = E2eStore.JSON;
    private static final String TARGET_FILE = Path.of("..", "examples", "etcd", "target.yaml").toString();

    private final E2eStore e2e = new E2eStore("etcd-file");

    private int faultline(String... args) {
        List<String> all = new ArrayList<>(List.of("--target-file", TARGET_FILE, "--workload", "register", "--nodes", "3",
                "--time-limit", "20"));
        all.addAll(List.of(args));
        return e2e.test(all);
    }

    @Test
    void underPartitionsAndKillsEtcdIsLinearizable() throws Exception {
        DockerRequired.check();
        int exit = faultline("--nemesis", "partition,kill", "--concurrency", "6", "--nemesis-interval", "4");
        Path run = e2e.latestRun();
        JsonNode results = E2eStore.results(run);
        assertThat(exit).as("exit code; results: %s", results).isZero();
        History h = E2eStore.history(run);
        assertThat(h.nemesisOps()).extracting(Op::f).contains("start-partition", "kill", "heal");
        assertThat(h.ops().stream().filter(o -> !o.isNemesis() && o.isOk()).count()).isGreaterThan(100);
        String logs = "";
        for (String n : List.of("n1", "n2", "n3")) logs += Files.readString(run.resolve("nodes/" + n + "/etcd.log"));
        assertThat(logs).as("a killed member restarted with the restart command").contains("--initial-cluster-state=existing");
        assertThat(run.resolve("clients/0.stderr.log")).exists();
    }

    @Test
    void serializableReadsUnderPartitionsAreCaught() throws Exception {
        DockerRequired.check();
        int exit = faultline("--nemesis", "partition", "--concurrency", "9", "--nemesis-interval", "5",
                "--param", "etcd.serializable=true", "--param", "etcd.client-timeout-ms=500", "--param", "partition.targets=one");
        Path run = e2e.latestRun();
        String results = Files.readString(run.resolve("results.json"));
        assertThat(exit).as("exit code; results: %s", results).isEqualTo(1);
        assertThat(JSON.readTree(results).get("validity").asText()).isEqualTo("invalid");
        assertThat(results).contains("read");
    }
}
