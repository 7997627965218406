package dev.faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.Op;
import dev.faultline.harness.testing.DockerRequired;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * ZooKeeper 3.8 (Debian's zookeeperd) as a target file with a kazoo protocol client
 * (examples/zookeeper, docs/zookeeper.md), the register workload under partitions that cut n1 off
 * from n2 and n3. n1 is always a follower: a leader election among members with equal state picks
 * the highest server id, and every quorum holds n2 or n3. An isolated follower keeps answering
 * its clients from its own state until it notices the leader is gone (syncLimit x tickTime =
 * 2.5 s), while the majority moves on: plain reads there are stale, sync + read fails instead.
 * The lock: past the 3 s session timeout the majority expires the sessions of n1's clients and hands
 * their locks on; a holder of n1 that wakes after the heal writes through a new session.
 * Needs Debian's python3-kazoo on the controller (.ci/run installs it).
 */
@Tag("docker")
class ZookeeperTargetFileEndToEndTest {
    private static final ObjectMapper JSON = E2eStore.JSON;
    private static final String TARGET_FILE = Path.of("..", "examples", "zookeeper", "target.yaml").toString();

    private final E2eStore e2e = new E2eStore("zookeeper");

    private int register(int concurrency, int seconds, int interval, String... extra) {
        List<String> all = new ArrayList<>(List.of("--target-file", TARGET_FILE, "--workload", "register", "--nodes", "3",
                "--concurrency", Integer.toString(concurrency), "--time-limit", Integer.toString(seconds), "--nemesis", "partition",
                "--nemesis-interval", Integer.toString(interval), "--param", "partition.targets=n1|n2,n3"));
        all.addAll(List.of(extra));
        return e2e.test(all);
    }

    /**
     * Stale reads need a client on n1 that reads, not one blocked on a write, while the majority
     * overwrites its key: 5 clients per member and a partition every 8 s make that near certain
     * (caught in 3 of 3 runs with these settings; with 3 clients per member and 20 s, 4 of 5).
     */
    @Test
    void plainReadsFromAnIsolatedFollowerAreCaught() throws Exception {
        DockerRequired.check();
        int exit = register(15, 30, 4, "--unsafe", "plain-reads");
        Path run = e2e.latestRun();
        String results = Files.readString(run.resolve("results.json"));
        assertThat(exit).as("exit code; results: %s", results).isEqualTo(1);
        assertThat(JSON.readTree(results).get("validity").asText()).isEqualTo("invalid");
        assertThat(results).contains("read -> ok", "cannot be linearized");
    }

    /**
     * The lock schedule of the target file's selftest cases: n1 cut off for 6 s (past the 3 s session
     * timeout) every 12 s, 4 clients per member on 16 locks, 5% of holds asleep for 12 s before their write.
     */
    private int lock(int seconds, String... extra) {
        List<String> all = new ArrayList<>(List.of("--target-file", TARGET_FILE, "--workload", "lock", "--nodes", "3",
                "--concurrency", "12", "--time-limit", Integer.toString(seconds), "--nemesis", "partition", "--nemesis-interval", "6",
                "--param", "partition.targets=n1|n2,n3", "--param", "partition.duration=6s", "--param", "lock.locks=16",
                "--param", "lock.slow-fraction=0.05", "--param", "lock.slow-factor=6", "--param", "lock.writes=1", "--seed", "7"));
        all.addAll(List.of(extra));
        return e2e.test(all);
    }

    /**
     * A holder on n1 sleeps past the partition; its session expires on the majority, a client of n2 or
     * n3 takes the lock and writes; after the heal the old holder writes through a new session, and a
     * resource without fencing accepts it. 60 s (four partitions): by hand, 30 s runs caught it in 9 of
     * 11 (a CI flake of about 1 in 5), 60 s runs in 5 of 5.
     */
    @Test
    void anUnfencedHolderWhoseSessionExpiredOverwritesItsSuccessor() throws Exception {
        DockerRequired.check();
        int exit = lock(60, "--unsafe", "no-fencing");
        Path run = e2e.latestRun();
        String results = Files.readString(run.resolve("results.json"));
        assertThat(exit).as("exit code; results: %s", results).isEqualTo(1);
        assertThat(JSON.readTree(results).get("validity").asText()).isEqualTo("invalid");
        assertThat(results).contains("stale writes accepted");
    }

    @Test
    void theLockZnodesSequenceNumberFencesTheSameStaleHolders() throws Exception {
        DockerRequired.check();
        int exit = lock(30);
        Path run = e2e.latestRun();
        JsonNode results = E2eStore.results(run);
        assertThat(exit).as("exit code; results: %s", results).isZero();
        History h = E2eStore.history(run);
        assertThat(h.nemesisOps()).extracting(Op::f).contains("start-partition", "stop-partition");
        assertThat(h.ops().stream().filter(o -> !o.isNemesis() && o.isOk() && o.f().equals("write")).count()).as("ok writes").isGreaterThan(50);
    }

    @Test
    void syncThenReadStaysLinearizableUnderTheSamePartitions() throws Exception {
        DockerRequired.check();
        int exit = register(9, 20, 5);
        Path run = e2e.latestRun();
        JsonNode results = E2eStore.results(run);
        assertThat(exit).as("exit code; results: %s", results).isZero();
        History h = E2eStore.history(run);
        assertThat(h.nemesisOps()).extracting(Op::f).contains("start-partition", "heal");
        assertThat(h.ops().stream().filter(o -> !o.isNemesis() && o.isOk() && o.f().equals("read")).count()).as("ok reads").isGreaterThan(50);
        assertThat(h.ops().stream().filter(o -> !o.isNemesis() && o.isOk() && o.f().equals("write")).count()).as("ok writes").isGreaterThan(50);
    }
}
