package dev.faultline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.JsonlHistory;
import dev.faultline.checkers.history.Op;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * `faultline test --target twopc-bank --workload bank` on 3 Docker containers (a participant on each,
 * the coordinator on n1) with real faults: the safe build stays valid under kills of participants
 * and of the coordinator plus partitions; each planted bug is caught by the fault that exposes it.
 * The arguments of each run are constants ({@link #NO_DURABLE_PREPARE}, {@link #UNILATERAL_ABORT})
 * so that they can be reused (e.g. by a detection matrix).
 */
@Tag("docker")
class TwopcBankEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static final List<String> BASE = List.of("--target", "twopc-bank", "--workload", "bank", "--nodes", "3", "--concurrency", "6");

    /**
     * Safe build: kills of one node at a time (with seed 7 the kill nemesis picks n1, the
     * coordinator's node, then n1 again, then n3) and partitions. The interval is long because a
     * killed JVM takes 5-15 s to answer again on the loaded build machine; with faster kills the
     * bank is never up.
     */
    static final List<String> SAFE = List.of("--nemesis", "partition,kill", "--time-limit", "40", "--nemesis-interval", "6",
            "--param", "kill.targets=one");

    /**
     * Participants that vote yes without forcing the prepared record forget their vote when killed:
     * kills of participant-only nodes (the coordinator must live to commit), and a coordinator that
     * waits 300 ms between the votes and the decision, so that every kill of a participant that
     * serves transfers lands in the window between some yes vote and its commit.
     */
    static final List<String> NO_DURABLE_PREPARE = List.of("--unsafe", "no-durable-prepare", "--nemesis", "kill",
            "--time-limit", "35", "--nemesis-interval", "5", "--param", "kill.targets=n2;n3",
            "--param", "twopc-bank.debug-delay-after-prepare-ms=300");

    /**
     * Prepared participants that abort on their own after 1 s without a decision: one node at a time
     * is cut off, so the commit reaches the other side of a transfer but not the cut-off one.
     */
    static final List<String> UNILATERAL_ABORT = List.of("--unsafe", "unilateral-abort", "--nemesis", "partition",
            "--time-limit", "25", "--nemesis-interval", "3", "--param", "partition.targets=one",
            "--param", "twopc-bank.decision-timeout-ms=1000", "--param", "twopc-bank.debug-delay-after-prepare-ms=300");

    /** Kept under target/ so that a failed run can be inspected. */
    private final Path tmp;

    TwopcBankEndToEndTest() throws java.io.IOException {
        tmp = Files.createDirectories(Path.of("target", "e2e")).resolve(Long.toString(System.nanoTime()));
    }

    private int faultline(List<String> scenario) {
        List<String> all = new ArrayList<>(List.of("--store", tmp.resolve("store").toString(), "--no-progress", "--seed", "7"));
        all.addAll(BASE);
        all.addAll(scenario);
        return new CommandLine(new TestCommand()).execute(all.toArray(String[]::new));
    }

    private Path latestRun() throws Exception {
        return tmp.resolve("store/latest").toRealPath();
    }

    /** Prints op counts and ok transfers per second of the main phase, so runs' numbers show in the test output. */
    private static History describe(Path run) {
        History h = JsonlHistory.read(run.resolve("history.jsonl"));
        Map<String, Long> counts = new TreeMap<>();
        long first = Long.MAX_VALUE;
        long lastTransfer = 0;
        long okTransfers = 0;
        for (Op op : h) {
            if (op.isInvoke()) continue;
            counts.merge((op.isNemesis() ? "nemesis:" : "") + op.f() + ":" + op.type().wireName(), 1L, Long::sum);
            if (!op.isNemesis() && op.f().equals("transfer")) {
                first = Math.min(first, op.time());
                lastTransfer = Math.max(lastTransfer, op.time());
                if (op.isOk()) okTransfers++;
            }
        }
        double seconds = Math.max(1e-9, (lastTransfer - first) / 1e9);
        System.out.printf("run %s: %s; %d ok transfers in %.1f s = %.1f transfers/s%n", run, counts, okTransfers, seconds,
                okTransfers / seconds);
        return h;
    }

    private static long okCount(History h, String f) {
        return h.ops().stream().filter(o -> !o.isNemesis() && o.isOk() && o.f().equals(f)).count();
    }

    @Test
    void safeBankStaysValidUnderKillsAndPartitions() throws Exception {
        RaftKvEndToEndTest.dockerRequired();
        int exit = faultline(SAFE);
        Path run = latestRun();
        JsonNode results = JSON.readTree(run.resolve("results.json").toFile());
        History h = describe(run);
        assertThat(exit).as("exit code; results: %s", results).isZero();
        assertThat(okCount(h, "transfer")).as("ok transfers").isPositive();
        assertThat(okCount(h, "read")).as("ok reads").isPositive();
        assertThat(h.nemesisOps()).extracting(Op::f).contains("kill", "start-partition", "heal");
        // Both the coordinator's node and a participant-only node were killed.
        assertThat(killed(h)).contains("n1").containsAnyOf("n2", "n3");
        assertThat(run.resolve("nodes/n1/twopc-coordinator.log")).exists();
        assertThat(run.resolve("nodes/n2/twopc-participant.log")).exists();
    }

    private static List<String> killed(History h) {
        List<String> nodes = new ArrayList<>();
        for (Op op : h.nemesisOps()) {
            if (op.f().equals("kill") && op.isInfo() && op.value() instanceof Map<?, ?> m) {
                for (Map.Entry<?, ?> e : m.entrySet()) if ("killed".equals(e.getValue())) nodes.add(e.getKey().toString());
            }
        }
        return nodes;
    }

    @Test
    void noDurablePrepareIsCaughtByKills() throws Exception {
        RaftKvEndToEndTest.dockerRequired();
        int exit = faultline(NO_DURABLE_PREPARE);
        Path run = latestRun();
        String results = Files.readString(run.resolve("results.json"));
        describe(run);
        assertThat(exit).as("exit code; results: %s", results).isEqualTo(1);
        assertThat(JSON.readTree(results).get("validity").asText()).isEqualTo("invalid");
        assertThat(results).contains("money-");
    }

    @Test
    void unilateralAbortIsCaughtByPartitions() throws Exception {
        RaftKvEndToEndTest.dockerRequired();
        int exit = faultline(UNILATERAL_ABORT);
        Path run = latestRun();
        String results = Files.readString(run.resolve("results.json"));
        describe(run);
        assertThat(exit).as("exit code; results: %s", results).isEqualTo(1);
        assertThat(JSON.readTree(results).get("validity").asText()).isEqualTo("invalid");
        assertThat(results).contains("money-");
    }
}
