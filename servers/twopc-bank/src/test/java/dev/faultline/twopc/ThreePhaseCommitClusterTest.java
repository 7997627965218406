package dev.faultline.twopc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.twopc.BankCluster.Answer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --protocol 3pc} on real multi-process loopback clusters (SIGKILL crashes): the participants
 * finish a txn without the coordinator, forward after PreCommit and backward before it, and a
 * restarted coordinator learns the outcome from them; and (SIGSTOP standing in for a partition) the
 * split a partition causes. Accounts a0..a3 on p1, a4..a7 on p2, 100 each.
 */
class ThreePhaseCommitClusterTest {
    private static final String[] SHARDS = {"a0..a3", "a4..a7"};
    private static final long TOTAL = 800;
    private static final List<String> THREE_PC = List.of("--protocol", "3pc");

    @TempDir
    Path tmp;

    private static List<String> with(List<String> a, String... more) {
        List<String> out = new java.util.ArrayList<>(a);
        out.addAll(List.of(more));
        return out;
    }

    @Test
    void transfersCommitAndConserveTheTotal() throws Exception {
        try (BankCluster c = new BankCluster(tmp, SHARDS, 100, List.of(THREE_PC), THREE_PC).start()) {
            for (int i = 0; i < 20; i++) assertThat(c.transfer("a" + (i % 4), "a" + (4 + i % 4), 3).ok()).isTrue();
            Map<String, Long> b = c.awaitBalances(10_000);
            assertThat(BankCluster.total(b)).isEqualTo(TOTAL);
            assertThat(b).containsEntry("a0", 85L).containsEntry("a4", 115L);
            assertThat(c.status("c").path("protocol").asText()).isEqualTo("3pc");
            assertThat(Files.readString(tmp.resolve("c").resolve("coordinator.log"))).contains("\"precommit\"");
        }
    }

    @Test
    void precommittedParticipantsCommitWithoutTheCoordinator() throws Exception {
        // The coordinator waits after the PreCommits were acknowledged, before its commit record: killed there.
        try (BankCluster c = new BankCluster(tmp, SHARDS, 100, List.of(with(THREE_PC, "--decision-timeout-ms", "300")),
                with(THREE_PC, "--debug-delay-after-decision-ms", "60000")).start()) {
            CompletableFuture<Answer> t = c.transferAsync("a0", "a4", 30);
            BankCluster.awaitUntil("both participants precommitted", () -> precommitted(c, "p1") && precommitted(c, "p2"), 10_000);
            c.kill9("c");
            assertThat(t.get(10, TimeUnit.SECONDS).status()).as("client sees a dropped connection").isEqualTo(-1);
            // Non-blocking: they go forward on their own while the coordinator is down.
            BankCluster.awaitUntil("participants commit without the coordinator",
                    () -> preparedCount(c, "p1") == 0 && preparedCount(c, "p2") == 0, 15_000);
            c.restart("c");
            BankCluster.awaitUntil("the restarted coordinator learns the outcome",
                    () -> statusOk(c) && c.statusQuiet().path("undecided").isEmpty(), 15_000);
            Map<String, Long> b = c.awaitBalances(20_000);
            assertThat(b).containsEntry("a0", 70L).containsEntry("a4", 130L);
            assertThat(Files.readString(tmp.resolve("c").resolve("coordinator.log"))).contains("\"commit\"");
        }
    }

    @Test
    void preparedParticipantsAbortWithoutTheCoordinator() throws Exception {
        // Both voted yes; the coordinator is killed before its precommit record.
        try (BankCluster c = new BankCluster(tmp, SHARDS, 100, List.of(with(THREE_PC, "--decision-timeout-ms", "300")),
                with(THREE_PC, "--debug-delay-after-prepare-ms", "60000")).start()) {
            CompletableFuture<Answer> t = c.transferAsync("a1", "a5", 40);
            BankCluster.awaitUntil("both prepared", () -> preparedCount(c, "p1") == 1 && preparedCount(c, "p2") == 1, 10_000);
            c.kill9("c");
            assertThat(t.get(10, TimeUnit.SECONDS).status()).isEqualTo(-1);
            BankCluster.awaitUntil("participants back out without the coordinator",
                    () -> preparedCount(c, "p1") == 0 && preparedCount(c, "p2") == 0, 15_000);
            c.restart("c");
            Map<String, Long> b = c.awaitBalances(20_000);
            assertThat(b).containsEntry("a1", 100L).containsEntry("a5", 100L);
            assertThat(Files.readString(tmp.resolve("c").resolve("coordinator.log"))).doesNotContain("\"precommit\"");
        }
    }

    @Test
    void aParticipantKilledBeforeItsPreCommitLearnsTheCommitFromThePeers() throws Exception {
        // p2 dies right after voting yes; the coordinator precommits p1 and then dies too (before its commit record).
        try (BankCluster c = new BankCluster(tmp, SHARDS, 100, List.of(with(THREE_PC, "--decision-timeout-ms", "2500")),
                with(THREE_PC, "--debug-delay-after-prepare-ms", "500", "--debug-delay-after-decision-ms", "60000",
                        "--prepare-timeout-ms", "500")).start()) {
            CompletableFuture<Answer> t = c.transferAsync("a2", "a6", 25);
            BankCluster.awaitUntil("p2 prepared", () -> preparedCount(c, "p2") == 1, 10_000);
            c.kill9("p2");
            BankCluster.awaitUntil("p1 precommitted", () -> precommitted(c, "p1"), 10_000);
            c.kill9("c");
            c.restart("p2");
            // p2 restarts prepared, cannot reach the coordinator, hears "precommitted" or "committed" from p1: commit.
            BankCluster.awaitUntil("both resolve", () -> preparedCount(c, "p1") == 0 && preparedCount(c, "p2") == 0, 20_000);
            c.restart("c");
            Map<String, Long> b = c.awaitBalances(20_000);
            assertThat(t.get(10, TimeUnit.SECONDS).status()).isEqualTo(-1);
            assertThat(b).containsEntry("a2", 75L).containsEntry("a6", 125L);
            assertThat(BankCluster.total(b)).isEqualTo(TOTAL);
        }
    }

    @Test
    void aParticipantCutOffBeforeItsPreCommitBacksOutWhileTheCoordinatorGoesForward() throws Exception {
        // The split (docs/twopc-bank.md): both voted yes, the coordinator is deciding (the test hook holds it
        // before its precommit record). p2 loses the coordinator and p1 (SIGSTOP: from p2's side a partition),
        // so it backs out; the coordinator, back, goes forward and commits p1's half alone.
        // p1 asks late (asking while p2 still votes would make the coordinator abandon the txn); p2 early and often.
        try (BankCluster c = new BankCluster(tmp, SHARDS, 100, List.of(with(THREE_PC, "--decision-timeout-ms", "5000"),
                with(THREE_PC, "--decision-timeout-ms", "300", "--query-timeout-ms", "300")),
                with(THREE_PC, "--debug-delay-before-precommit-ms", "6000", "--prepare-timeout-ms", "500")).start()) {
            CompletableFuture<Answer> t = c.transferAsync("a0", "a4", 30);
            BankCluster.awaitUntil("both prepared", () -> preparedCount(c, "p1") == 1 && preparedCount(c, "p2") == 1, 10_000);
            // Asking the deciding coordinator (every 200 ms after 300 ms in doubt) gets "pending": still prepared.
            BankCluster.awaitUntil("p2 heard 'pending' twice", () -> c.statusQuiet("p2").path("inDoubtAnswers").asLong() >= 2, 10_000);
            assertThat(preparedCount(c, "p2")).as("p2 in doubt while the coordinator decides").isEqualTo(1);
            c.pause("c");
            c.pause("p1");
            try {
                BankCluster.awaitUntil("p2 backs out alone", () -> preparedCount(c, "p2") == 0, 15_000);
            } finally {
                c.resume("p1");
                c.resume("c");
            }
            t.get(20, TimeUnit.SECONDS);
            BankCluster.awaitUntil("p1 committed", () -> preparedCount(c, "p1") == 0, 15_000);
            Map<String, Long> b = c.awaitBalances(20_000);
            assertThat(b).containsEntry("a0", 70L).containsEntry("a4", 100L);
            assertThat(BankCluster.total(b)).as("30 destroyed").isEqualTo(TOTAL - 30);
            assertThat(Files.readString(tmp.resolve("p2.out"))).containsPattern("3pc termination: coordinator unreachable; prepared t-\\S+ decides abort");
        }
    }

    private static boolean statusOk(BankCluster c) {
        return !c.statusQuiet().isMissingNode();
    }

    private static boolean precommitted(BankCluster c, String p) {
        return !c.statusQuiet(p).path("precommitted").isEmpty();
    }

    private static int preparedCount(BankCluster c, String p) {
        return c.statusQuiet(p).path("prepared").size();
    }
}
