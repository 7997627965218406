package dev.faultline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.harness.testing.DockerRequired;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis 7.0 through the public path only (examples/redis: target files + python3-redis protocol
 * clients): a SET NX PX lock protecting a resource that refuses stale tokens stays valid; Redlock over
 * three instances whose clocks jump forward (libfaketime reaching redis-server) lets two clients hold
 * the lock at once (invalid). Needs python3-redis on the controller (.ci/run).
 */
@Tag("docker")
class RedisTargetFileEndToEndTest {
    private final E2eStore e2e = new E2eStore("redis-file");

    private int faultline(String file, long seed, String... args) {
        List<String> all = new ArrayList<>(List.of("--target-file", Path.of("..", "examples", "redis", file).toString(),
                "--nodes", "3", "--seed", Long.toString(seed)));
        all.addAll(List.of(args));
        return e2e.test(all);
    }

    private JsonNode results() throws Exception {
        return E2eStore.results(e2e.latestRun());
    }

    @Test
    void aFencedResourceKeepsTheSingleInstanceLockSafeFromHoldersPastTheirLease() throws Exception {
        DockerRequired.check();
        // The holders that outlive their lease are the workload's slow holders (a client paused past its TTL);
        // pausing the Redis node would only stall everyone, since the lock and the resource live on n1.
        int exit = faultline("lock.yaml", 7, "--workload", "lock", "--concurrency", "6",
                "--time-limit", "20", "--param", "redis-lock.fencing=true", "--param", "lock.slow-fraction=0.5");
        JsonNode results = results();
        assertThat(exit).as("exit code; results: %s", results).isZero();
        String history = Files.readString(e2e.latestRun().resolve("history.jsonl"));
        assertThat(history).as("the resource refused a holder past its lease: fencing was exercised").contains("stale-token");
    }

    @Test
    void redlockLetsTwoClientsHoldTheLockWhenTheInstancesClocksJumpForward() throws Exception {
        DockerRequired.check();
        // Forward bumps of 5-60 s on a majority of the instances expire every lock key there at once; a
        // second client then takes the lock on that majority while the first still holds it. The slow
        // holders (half of the holds last a full TTL) give the bumps holds to land in. Without the
        // clock reaching redis-server no two holds overlap (docs/redis.md: 0 of 3 runs without faults).
        int exit = faultline("lock.yaml", 11, "--workload", "lock", "--concurrency", "6", "--time-limit", "15",
                "--nemesis", "clock", "--nemesis-interval", "3", "--param", "redis-lock.mode=redlock",
                "--param", "lock.slow-fraction=0.5", "--param", "clock.targets=majority", "--param", "clock.direction=forward",
                "--param", "clock.min-delta=5s", "--param", "clock.max-delta=60s", "--param", "clock.ops=bump");
        JsonNode results = results();
        assertThat(exit).as("exit code; results: %s", results).isEqualTo(1);
        assertThat(child(results, "lock-mutual-exclusion").path("validity").asText())
                .as("two holders at once: the skew reached Redis; results: %s", results).isEqualTo("invalid");
    }

    private static JsonNode child(JsonNode result, String checker) {
        if (checker.equals(result.path("checker").asText())) return result;
        for (JsonNode c : result.path("children")) {
            JsonNode found = child(c, checker);
            if (!found.isMissingNode()) return found;
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
}
