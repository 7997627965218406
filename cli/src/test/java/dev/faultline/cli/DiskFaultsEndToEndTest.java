package dev.faultline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.Op;
import dev.faultline.harness.testing.DockerRequired;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --nemesis disk} with lose-unfsynced against real raft-kv clusters in Docker: the data
 * directories on the faultline-lazyfs FUSE layer, power losses that undo what was not fsynced.
 */
class DiskFaultsEndToEndTest {
    private final E2eStore e2e = new E2eStore("disk");

    private Path run(String targets, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("--target", "raft-kv", "--workload", "register", "--nodes", "3",
                "--concurrency", "6", "--time-limit", "20", "--nemesis-interval", "6", "--nemesis", "disk",
                "--param", "disk.faults=lose-unfsynced", "--param", "disk.targets=" + targets));
        args.addAll(List.of(more));
        e2e.test(args);
        return e2e.latestRun();
    }

    /** Bytes the layer undid over the run, from the fault ops' completions. */
    private static long bytesUndone(History h) {
        long bytes = 0;
        for (Op o : h.nemesisOps()) {
            if (o.f().equals("lose-unfsynced") && !o.isInvoke() && o.value() instanceof Map<?, ?> perNode) {
                for (Object v : perNode.values()) {
                    if (v instanceof Map<?, ?> m && m.get("bytes") instanceof Number n) bytes += n.longValue();
                }
            }
        }
        return bytes;
    }

    @Test
    @Tag("docker")
    void noFsyncLosesAcknowledgedWritesInAPowerLoss() throws Exception {
        DockerRequired.check();
        Path run = run("all", "--unsafe", "no-fsync");
        JsonNode results = E2eStore.results(run);
        assertThat(results.get("validity").asText()).as("results: %s", results).isEqualTo("invalid");
        History h = E2eStore.history(run);
        assertThat(bytesUndone(h)).as("bytes the power losses undid").isPositive();
    }

    @Test
    @Tag("docker")
    void theSafeBuildSurvivesPowerLossesOfOneNode() throws Exception {
        DockerRequired.check();
        Path run = run("one");
        JsonNode results = E2eStore.results(run);
        assertThat(results.get("validity").asText()).as("results: %s", results).isEqualTo("valid");
        History h = E2eStore.history(run);
        assertThat(h.nemesisOps()).extracting(Op::f).contains("lose-unfsynced", "start-disk", "heal");
        assertThat(bytesUndone(h)).as("bytes the power losses undid (unsynced log lines at least)").isPositive();
        assertThat(h.ops().stream().filter(o -> !o.isNemesis() && o.isOk()).count()).isGreaterThan(50);
    }
}
