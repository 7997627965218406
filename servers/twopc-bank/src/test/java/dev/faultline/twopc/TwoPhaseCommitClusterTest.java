package dev.faultline.twopc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.twopc.BankCluster.Answer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real multi-process clusters on loopback: every node is its own JVM, crashes are SIGKILL.
 * Accounts a0..a3 live on p1 and a4..a7 on p2, 100 each: the total is always 800.
 */
class TwoPhaseCommitClusterTest {
    private static final String[] SHARDS = {"a0..a3", "a4..a7"};
    private static final long TOTAL = 800;

    @TempDir
    Path tmp;

    @Test
    void concurrentTransfersAndReadsConserveTheTotal() throws Exception {
        try (BankCluster c = new BankCluster(tmp, SHARDS, 100, List.of(List.of()), List.of()).start()) {
            List<String> accounts = c.accounts();
            AtomicInteger committed = new AtomicInteger();
            AtomicInteger insufficient = new AtomicInteger();
            AtomicInteger reads = new AtomicInteger();
            List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
            ExecutorService pool = Executors.newFixedThreadPool(6);
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < 6; w++) {
                int seed = w;
                workers.add(pool.submit(() -> {
                    Random rnd = new Random(seed);
                    // bounded by a count, not a clock: on a loaded machine 3 s held too few transfers to hit a refusal
                    for (int i = 0; i < 80; i++) {
                        if (rnd.nextInt(5) == 0) {
                            Answer a = c.read();
                            if (a.ok()) {
                                reads.incrementAndGet();
                                Map<String, Long> b = Json.MAPPER.convertValue(a.body().get("balances"),
                                        new com.fasterxml.jackson.core.type.TypeReference<Map<String, Long>>() {});
                                if (BankCluster.total(b) != TOTAL) problems.add("read total " + BankCluster.total(b) + ": " + b);
                                if (b.values().stream().anyMatch(v -> v < 0)) problems.add("negative balance: " + b);
                                if (!b.keySet().equals(new java.util.TreeSet<>(accounts))) problems.add("accounts " + b.keySet());
                            }
                            continue;
                        }
                        String from = accounts.get(rnd.nextInt(accounts.size()));
                        String to = accounts.get(rnd.nextInt(accounts.size()));
                        if (from.equals(to)) continue;
                        Answer a = c.transfer(from, to, 1 + rnd.nextInt(60));
                        if (a.ok()) committed.incrementAndGet();
                        else if (a.body().path("error").asText().equals("insufficient-funds")) insufficient.incrementAndGet();
                        else if (!a.definiteFailure()) problems.add("indeterminate answer on a healthy cluster: " + a);
                    }
                    return null;
                }));
            }
            for (Future<?> f : workers) f.get(240, TimeUnit.SECONDS);
            pool.shutdown();
            Map<String, Long> fin = c.awaitBalances(10_000);
            assertThat(problems).isEmpty();
            assertThat(BankCluster.total(fin)).isEqualTo(TOTAL);
            assertThat(committed.get()).isPositive();
            assertThat(reads.get()).isPositive();
            assertThat(insufficient.get()).as("amounts up to 60 on balances of 100 must sometimes be refused").isPositive();
        }
    }

    @Test
    void aTransferWithinOneParticipantCommitsInOnePhaseAndSurvivesAKill() throws Exception {
        try (BankCluster c = new BankCluster(tmp, SHARDS, 100, List.of(List.of()), List.of()).start()) {
            Answer a = c.transfer("a0", "a1", 30);
            assertThat(a.ok()).as("answer %s", a).isTrue();
            String txn = a.body().path("txn").asText();
            // No vote, no decision record: p1 alone committed it, durably, before the answer.
            assertThat(Files.readString(tmp.resolve("c").resolve("coordinator.log"))).doesNotContain(txn);
            assertThat(c.status("p1").path("timings").has("one-phase.force-wait")).isTrue();
            c.kill9("p1");
            c.restart("p1");
            Map<String, Long> b = c.awaitBalances(20_000);
            assertThat(b).containsEntry("a0", 70L).containsEntry("a1", 130L);
            assertThat(BankCluster.total(b)).isEqualTo(TOTAL);
            assertThat(c.transfer("a1", "a0", 200).body().path("error").asText()).isEqualTo("insufficient-funds");
        }
    }

    @Test
    void participantKilledBetweenPrepareAndCommitKeepsAtomicity() throws Exception {
        // The coordinator logs its decision, then waits: p2 dies holding a prepared txn.
        try (BankCluster c = new BankCluster(tmp, SHARDS, 100, List.of(List.of()),
                List.of("--debug-delay-after-decision-ms", "1500")).start()) {
            CompletableFuture<Answer> t = c.transferAsync("a0", "a4", 30);
            // Not "p2 prepared": p2 records the prepare before its yes vote reaches the coordinator,
            // and a kill in between is a missing vote (the txn aborts). The logged decision means both votes are in.
            Path log = tmp.resolve("c").resolve("coordinator.log");
            BankCluster.awaitUntil("the commit decision is logged", () -> fileContains(log, "\"commit\""), 10_000);
            assertThat(preparedCount(c, "p2")).isEqualTo(1);
            c.kill9("p2");
            c.restart("p2");
            Answer a = t.get(30, TimeUnit.SECONDS);
            Map<String, Long> b = c.awaitBalances(20_000);
            assertThat(BankCluster.total(b)).isEqualTo(TOTAL);
            assertThat(a.ok()).as("answer %s", a).isTrue();
            assertThat(b).containsEntry("a0", 70L).containsEntry("a4", 130L);
            BankCluster.awaitUntil("p2 resolved its in-doubt txn", () -> preparedCount(c, "p2") == 0, 10_000);
        }
    }

    @Test
    void participantKilledBeforeTheDecisionIsAtomicEitherWay() throws Exception {
        try (BankCluster c = new BankCluster(tmp, SHARDS, 100, List.of(List.of()),
                List.of("--debug-delay-after-prepare-ms", "1500")).start()) {
            CompletableFuture<Answer> t = c.transferAsync("a1", "a5", 40);
            BankCluster.awaitUntil("p2 prepared the transfer", () -> preparedCount(c, "p2") == 1, 10_000);
            c.kill9("p2");
            c.restart("p2");
            Answer a = t.get(30, TimeUnit.SECONDS);
            Map<String, Long> b = c.awaitBalances(20_000);
            assertThat(BankCluster.total(b)).isEqualTo(TOTAL);
            if (a.ok()) assertThat(b).containsEntry("a1", 60L).containsEntry("a5", 140L);
            else {
                assertThat(a.definiteFailure()).as("answer %s", a).isTrue();
                assertThat(b).containsEntry("a1", 100L).containsEntry("a5", 100L);
            }
        }
    }

    @Test
    void restartedCoordinatorFinishesCommittedAndAbortsUndecidedTxns() throws Exception {
        try (BankCluster c = new BankCluster(tmp, SHARDS, 100, List.of(List.of("--decision-timeout-ms", "300")),
                List.of("--debug-delay-after-decision-ms", "60000")).start()) {
            // 1. Killed after the commit decision is durable, before any participant heard it.
            CompletableFuture<Answer> first = c.transferAsync("a0", "a4", 30);
            Path log = tmp.resolve("c").resolve("coordinator.log");
            BankCluster.awaitUntil("the commit decision is logged", () -> fileContains(log, "\"commit\""), 10_000);
            c.kill9("c");
            assertThat(first.get(10, TimeUnit.SECONDS).status()).as("client sees a dropped connection").isEqualTo(-1);
            assertThat(c.prepared("p1")).hasSize(1);
            assertThat(c.prepared("p2")).hasSize(1);

            // 2. Killed after both participants voted yes, before it decided (the decision is never logged).
            c.restartWith("c", List.of("--debug-delay-after-prepare-ms", "60000"));
            BankCluster.awaitUntil("the first txn is committed by recovery", () -> preparedCount(c, "p1") == 0 && preparedCount(c, "p2") == 0, 20_000);
            CompletableFuture<Answer> second = c.transferAsync("a1", "a5", 50);
            BankCluster.awaitUntil("both prepared the second txn", () -> preparedCount(c, "p1") == 1 && preparedCount(c, "p2") == 1, 10_000);
            c.kill9("c");
            assertThat(second.get(10, TimeUnit.SECONDS).status()).isEqualTo(-1);

            // 3. Restarted without delays: presumed abort releases the participants.
            c.restartWith("c", List.of());
            BankCluster.awaitUntil("participants resolve the undecided txn", () -> preparedCount(c, "p1") == 0 && preparedCount(c, "p2") == 0, 20_000);
            Map<String, Long> b = c.awaitBalances(20_000);
            assertThat(b).containsEntry("a0", 70L).containsEntry("a4", 130L).containsEntry("a1", 100L).containsEntry("a5", 100L);
            assertThat(BankCluster.total(b)).isEqualTo(TOTAL);
            assertThat(c.transfer("a1", "a5", 50).ok()).isTrue();
        }
    }

    @Test
    void unsafeNoDurablePrepareLosesHalfOfACommittedTransfer() throws Exception {
        try (BankCluster c = new BankCluster(tmp, SHARDS, 100, List.of(List.of("--unsafe", "no-durable-prepare")),
                List.of("--debug-delay-after-decision-ms", "1500")).start()) {
            CompletableFuture<Answer> t = c.transferAsync("a0", "a4", 30);
            BankCluster.awaitUntil("p2 prepared the transfer", () -> preparedCount(c, "p2") == 1, 10_000);
            c.kill9("p2");
            c.restart("p2");
            assertThat(t.get(30, TimeUnit.SECONDS).ok()).isTrue();
            BankCluster.awaitUntil("the commit reaches p2", () -> statusArray(c, "c", "unacknowledged") == 0, 20_000);
            Map<String, Long> b = c.awaitBalances(20_000);
            assertThat(b).containsEntry("a0", 70L).containsEntry("a4", 100L);
            assertThat(BankCluster.total(b)).isEqualTo(TOTAL - 30);
        }
    }

    @Test
    void unsafeAckBeforeDecisionLosesAnAcknowledgedTransferWhenTheCoordinatorDies() throws Exception {
        // The coordinator answers ok once the votes are in, then waits before logging its decision. The
        // participants' default decision timeout (2 s) lets them ask while it waits: they hear "pending".
        try (BankCluster c = new BankCluster(tmp, SHARDS, 100, List.of(List.of()),
                List.of("--unsafe", "ack-before-decision", "--debug-delay-after-prepare-ms", "60000")).start()) {
            Answer a = c.transfer("a0", "a4", 30);
            assertThat(a.ok()).as("answer %s", a).isTrue();
            assertThat(Files.readString(tmp.resolve("c").resolve("coordinator.log"))).doesNotContain("\"commit\"");
            c.kill9("c");
            c.restartWith("c", List.of());
            BankCluster.awaitUntil("recovery presumes abort", () -> preparedCount(c, "p1") == 0 && preparedCount(c, "p2") == 0, 20_000);
            Map<String, Long> b = c.awaitBalances(20_000);
            assertThat(BankCluster.total(b)).as("the total is kept").isEqualTo(TOTAL);
            assertThat(b).as("the acknowledged transfer is gone").containsEntry("a0", 100L).containsEntry("a4", 100L);
        }
    }

    @Test
    void theSameCoordinatorCrashWithoutTheUnsafeSwitchNeverAcknowledges() throws Exception {
        try (BankCluster c = new BankCluster(tmp, SHARDS, 100, List.of(List.of()),
                List.of("--debug-delay-after-prepare-ms", "60000")).start()) {
            CompletableFuture<Answer> t = c.transferAsync("a0", "a4", 30);
            BankCluster.awaitUntil("both prepared", () -> preparedCount(c, "p1") == 1 && preparedCount(c, "p2") == 1, 10_000);
            c.kill9("c");
            assertThat(t.get(10, TimeUnit.SECONDS).ok()).isFalse();
            c.restartWith("c", List.of());
            BankCluster.awaitUntil("recovery presumes abort", () -> preparedCount(c, "p1") == 0 && preparedCount(c, "p2") == 0, 20_000);
            assertThat(c.awaitBalances(20_000)).containsEntry("a0", 100L).containsEntry("a4", 100L);
        }
    }

    @Test
    void unsafeUnilateralAbortBreaksAtomicity() throws Exception {
        // p2 gives up after 300 ms; p1 waits long enough to hear the commit.
        try (BankCluster c = new BankCluster(tmp, SHARDS, 100,
                List.of(List.of("--unsafe", "unilateral-abort", "--decision-timeout-ms", "20000"),
                        List.of("--unsafe", "unilateral-abort", "--decision-timeout-ms", "300")),
                List.of("--debug-delay-after-prepare-ms", "1500")).start()) {
            Answer a = c.transfer("a0", "a4", 30);
            assertThat(a.ok()).as("answer %s", a).isTrue();
            Map<String, Long> b = c.awaitBalances(20_000);
            assertThat(b).containsEntry("a0", 70L).containsEntry("a4", 100L);
            assertThat(BankCluster.total(b)).isEqualTo(TOTAL - 30);
        }
    }

    private static int preparedCount(BankCluster c, String node) {
        return statusArray(c, node, "prepared");
    }

    private static int statusArray(BankCluster c, String node, String field) {
        try {
            return c.status(node).path(field).size();
        } catch (Exception e) {
            return -1;
        }
    }

    private static boolean fileContains(Path p, String s) {
        try {
            return Files.exists(p) && Files.readString(p).contains(s);
        } catch (Exception e) {
            return false;
        }
    }
}
