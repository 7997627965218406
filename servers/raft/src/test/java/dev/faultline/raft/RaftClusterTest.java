package dev.faultline.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RaftClusterTest {
    @TempDir
    Path dir;

    @Test
    void electsOneLeaderAndReplicatesToAll() throws Exception {
        try (TestCluster c = new TestCluster(dir, 3, 10_000, Set.of()).startAll()) {
            RaftNode leader = c.awaitLeader();
            List<CompletableFuture<byte[]>> fs = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                fs.add(leader.propose(("c" + i).getBytes(StandardCharsets.UTF_8)));
            }
            for (var f : fs) {
                f.get(10, TimeUnit.SECONDS);
            }
            // Election safety: at most one leader per term. (Two nodes may both still say "leader" for a
            // moment, in different terms, when a starved follower timed out and won a new election
            // before the old leader heard of it: seen on a loaded 2-core CI machine.)
            List<Long> leaderTerms = c.nodes.values().stream().map(RaftNode::status)
                    .filter(s -> s.role() == Role.LEADER).map(RaftStatus::term).toList();
            assertThat(leaderTerms).doesNotHaveDuplicates();
            for (String id : c.nodes.keySet()) {
                TestCluster.await(id + " applies 200", () -> c.machines.get(id).applied().size() == 200);
                assertThat(c.machines.get(id).applied()).startsWith("c0", "c1").endsWith("c199");
            }
            // a follower refuses proposals and reads, definitely, and names the leader
            RaftNode follower = c.nodes.values().stream().filter(n -> !n.isLeader()).findFirst().orElseThrow();
            assertThatThrownBy(() -> follower.propose(new byte[] {1}).get(5, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(NotLeaderException.class);
            assertThatThrownBy(() -> follower.readIndex().get(5, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(NotLeaderException.class);
            TestCluster.await("a linearizable read at the leader", () -> {
                try {
                    c.awaitLeader().readIndex().get(5, TimeUnit.SECONDS);
                    return true;
                } catch (ExecutionException e) {
                    return false; // deposed between awaitLeader and the read: ask the next one
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
        }
    }

    @Test
    void leaderCrashElectsNewLeaderAndKeepsCommittedEntries() throws Exception {
        try (TestCluster c = new TestCluster(dir, 3, 10_000, Set.of()).startAll()) {
            for (int i = 0; i < 20; i++) {
                c.propose("a" + i);
            }
            RaftNode old = c.awaitLeader();
            long oldTerm = old.term();
            c.stop(old.id());
            RaftNode next = c.awaitLeader();
            assertThat(next.id()).isNotEqualTo(old.id());
            assertThat(next.term()).isGreaterThan(oldTerm);
            c.propose("b0");
            next.readIndex().get(5, TimeUnit.SECONDS);
            assertThat(c.machines.get(next.id()).applied()).hasSize(21).startsWith("a0").endsWith("b0");
            // the old leader restarts from disk and catches up
            c.start(old.id());
            TestCluster.await("restarted node catches up",
                    () -> c.machines.get(old.id()).applied().size() == 21);
        }
    }

    @Test
    void restartOfAllNodesKeepsData() throws Exception {
        try (TestCluster c = new TestCluster(dir, 3, 50, Set.of()).startAll()) {
            for (int i = 0; i < 120; i++) {
                c.propose("x" + i);
            }
            c.close();
            c.startAll();
            c.propose("after");
            RaftNode leader = c.awaitLeader();
            leader.readIndex().get(5, TimeUnit.SECONDS);
            List<String> applied = c.machines.get(leader.id()).applied();
            assertThat(applied).hasSize(121).startsWith("x0", "x1").endsWith("x119", "after");
        }
    }

    @Test
    void laggingFollowerCatchesUpBySnapshot() throws Exception {
        try (TestCluster c = new TestCluster(dir, 3, 20, Set.of()).startAll()) {
            c.propose("first");
            RaftNode leader = c.awaitLeader();
            String lagger = c.nodes.keySet().stream().filter(id -> !id.equals(leader.id())).findFirst().orElseThrow();
            c.stop(lagger);
            for (int i = 0; i < 100; i++) {
                c.propose("y" + i);
            }
            RaftNode now = c.awaitLeader();
            TestCluster.await("leader compacts its log", () -> now.status().snapshotIndex() > 50);
            c.start(lagger);
            TestCluster.await("lagger catches up",
                    () -> c.machines.get(lagger).applied().size() == 101);
            assertThat(c.machines.get(lagger).applied()).startsWith("first", "y0").endsWith("y99");
            assertThat(c.nodes.get(lagger).status().snapshotIndex()).isGreaterThan(0);
        }
    }

    @Test
    void isolatedNodeDoesNotRaiseItsTermAndJoinsWithoutDisruption() throws Exception {
        try (TestCluster c = new TestCluster(dir, 3, 10_000, Set.of())) {
            RaftNode lonely = c.start("n3");
            Thread.sleep(2500); // several election timeouts with nobody to talk to
            assertThat(lonely.term()).as("pre-vote keeps the term of a node without a majority").isZero();
            c.start("n1");
            c.start("n2");
            c.propose("hello");
            RaftNode leader = c.awaitLeader();
            long term = leader.term();
            TestCluster.await("n3 applies", () -> c.machines.get("n3").applied().size() == 1);
            Thread.sleep(1000);
            assertThat(c.awaitLeader().id()).isEqualTo(leader.id());
            assertThat(c.awaitLeader().term()).isEqualTo(term);
        }
    }

    @Test
    void inboundDelayHookMakesEveryRoundTripSlowerAndTheClusterStillCommits() throws Exception {
        try (TestCluster c = new TestCluster(dir, 3, 10_000, Set.of())) {
            c.inboundDelay = Duration.ofMillis(100);
            c.startAll();
            c.propose("warm-up");
            long begin = System.nanoTime();
            c.propose("slow");
            // leader -> follower and follower -> leader are each handed over 100 ms late
            assertThat(Duration.ofNanos(System.nanoTime() - begin)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        }
    }

    @Test
    void singleNodeClusterCommitsAlone() throws Exception {
        try (TestCluster c = new TestCluster(dir, 1, 10_000, Set.of()).startAll()) {
            assertThat(c.propose("solo")).isEqualTo("1");
            c.awaitLeader().readIndex().get(5, TimeUnit.SECONDS);
        }
    }
}
