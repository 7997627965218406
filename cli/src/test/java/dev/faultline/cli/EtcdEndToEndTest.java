package dev.faultline.cli;

import dev.faultline.harness.testing.DockerRequired;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.Op;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** `faultline test` against a real etcd 3.4 cluster (Debian's etcd-server) in Docker containers, with real faults. */
class EtcdEndToEndTest {
    private static final ObjectMapper JSON = E2eStore.JSON;
    private final E2eStore e2e = new E2eStore("etcd");


    @Test
    @Tag("docker")
    void dockerThreeNodeEtcdUnderPartitionsAndKillsIsLinearizable() throws Exception {
        DockerRequired.check();
        int exit = e2e.test("--target", "etcd", "--workload", "register", "--nemesis", "partition,kill",
                "--nodes", "3", "--concurrency", "6", "--time-limit", "30", "--nemesis-interval", "4");
        Path run = e2e.latestRun();
        JsonNode results = E2eStore.results(run);
        assertThat(exit).as("exit code; results: %s", results).isZero();
        History h = E2eStore.history(run);
        assertThat(h.nemesisOps()).extracting(Op::f).contains("start-partition", "kill", "heal");
        assertThat(h.ops().stream().filter(o -> !o.isNemesis() && o.isOk()).count()).isGreaterThan(100);
        assertThat(run.resolve("nodes/n1/etcd.log")).exists();
        String logs = "";
        for (String n : List.of("n1", "n2", "n3")) logs += Files.readString(run.resolve("nodes/" + n + "/etcd.log"));
        assertThat(logs).as("a killed member restarted on its data").contains("--initial-cluster-state existing");
    }

    /** Serializable reads are answered from the local member's state: a partitioned minority serves stale values. */
    @Test
    @Tag("docker")
    void dockerSerializableReadsUnderPartitionsAreCaught() throws Exception {
        DockerRequired.check();
        int exit = e2e.test("--target", "etcd", "--workload", "register", "--nemesis", "partition",
                "--nodes", "3", "--concurrency", "9", "--time-limit", "30", "--nemesis-interval", "5",
                // A short timeout keeps the isolated member's clients busy: each write there times out,
                // and every third op they try is a read served from the stale local state. (Much shorter
                // timeouts pile up info ops, and the search over them grows exponentially.)
                "--param", "etcd.serializable=true", "--param", "etcd.client-timeout-ms=500", "--param", "partition.targets=one");
        Path run = e2e.latestRun();
        String results = Files.readString(run.resolve("results.json"));
        assertThat(exit).as("exit code; results: %s", results).isEqualTo(1);
        assertThat(JSON.readTree(results).get("validity").asText()).isEqualTo("invalid");
        assertThat(results).contains("read");
    }

    /**
     * rw-register transactions as single /v3/kv/txn requests under partitions and kills: etcd is
     * expected strict serializable, and the transactions must have read each other's writes.
     */
    @Test
    @Tag("docker")
    void dockerRwRegisterTransactionsUnderPartitionsAndKillsAreStrictSerializable() throws Exception {
        DockerRequired.check();
        int exit = e2e.test("--target", "etcd", "--workload", "rw-register", "--nemesis", "partition,kill",
                "--nodes", "3", "--concurrency", "6", "--time-limit", "15", "--nemesis-interval", "3");
        Path run = e2e.latestRun();
        JsonNode results = E2eStore.results(run);
        assertThat(exit).as("exit code; results: %s", results).isZero();
        assertThat(results.toString()).contains("rw-register", "strict-serializable: no anomaly");
        History h = E2eStore.history(run);
        assertThat(h.nemesisOps()).extracting(Op::f).containsAnyOf("start-partition", "kill");
        List<Op> oks = h.ops().stream().filter(o -> !o.isNemesis() && o.isOk() && o.f().equals("txn")).toList();
        assertThat(oks).as("committed transactions").hasSizeGreaterThan(50);
        long readsOfWrites = oks.stream().flatMap(o -> ((List<?>) o.value()).stream()).map(m -> (List<?>) m)
                .filter(m -> m.get(0).equals("r") && m.get(2) != null).count();
        assertThat(readsOfWrites).as("reads that observed a write").isGreaterThan(20);
    }
}
