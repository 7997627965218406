package dev.faultline.raftkv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /txn}: one log entry per transaction; the planted bugs txn-split and txn-local-read. */
class KvTxnTest {
    @TempDir
    Path dir;

    private static Http.Reply txn(int port, String ops) throws Exception {
        return Http.call(port, "POST", "/txn", "{\"ops\":" + ops + "}");
    }

    private static long lastLogIndex(KvCluster c, String id) {
        return c.servers.get(id).raft().status().lastLogIndex();
    }

    @Test
    void aTransactionIsOneLogEntryAndReadsSeeItsOwnWrites() throws Exception {
        try (KvCluster c = new KvCluster(dir, 3, Set.of(), 10_000).startAll()) {
            String leader = c.awaitLeader();
            String follower = c.ids.stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
            long before = lastLogIndex(c, leader);
            Http.Reply r = txn(c.port(follower), "[[\"append\",1,10],[\"r\",1,null],[\"w\",\"x\",5],[\"r\",\"x\",null],[\"r\",2,null]]");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body().get("ops").toString())
                    .isEqualTo("[[\"append\",1,10],[\"r\",1,[10]],[\"w\",\"x\",5],[\"r\",\"x\",5],[\"r\",2,null]]");
            assertThat(lastLogIndex(c, leader) - before).isEqualTo(1);
            Http.Reply read = txn(c.port(leader), "[[\"append\",1,11],[\"r\",1,null]]");
            assertThat(read.body().get("ops").get(1).get(2).toString()).isEqualTo("[10,11]");
            assertThat(lastLogIndex(c, leader) - before).isEqualTo(2);
        }
    }

    @Test
    void badTransactionsAreRefusedNamingTheMicroOp() throws Exception {
        try (KvCluster c = new KvCluster(dir, 3, Set.of(), 10_000).startAll()) {
            int port = c.port(c.awaitLeader());
            Http.Reply bad = txn(port, "[[\"append\",1,10],[\"inc\",1,1]]");
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.body().get("message").asText()).contains("micro-op 1").contains("inc");
            assertThat(Http.put(port, "s", "\"text\"").status()).isEqualTo(200);
            Http.Reply mismatch = txn(port, "[[\"append\",\"t\",1],[\"append\",\"s\",1]]");
            assertThat(mismatch.status()).isEqualTo(409);
            assertThat(mismatch.body().get("definite").asBoolean()).isTrue();
            assertThat(txn(port, "[[\"r\",\"t\",null]]").body().get("ops").get(0).get(2).isNull())
                    .as("a refused transaction applies nothing").isTrue();
            assertThat(Http.call(port, "GET", "/txn", null).status()).isEqualTo(400);
        }
    }

    @Test
    void txnSplitProposesEachMicroOpAsItsOwnEntry() throws Exception {
        try (KvCluster c = new KvCluster(dir, 3, Set.of(KvOptions.TXN_SPLIT), 10_000).startAll()) {
            String leader = c.awaitLeader();
            long before = lastLogIndex(c, leader);
            Http.Reply r = txn(c.port(leader), "[[\"append\",1,10],[\"append\",2,20],[\"r\",1,null]]");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body().get("ops").get(2).get(2).toString()).isEqualTo("[10]");
            assertThat(lastLogIndex(c, leader) - before).isEqualTo(3);
        }
    }

    /** n3 misses x=[2], then comes back alone: with txn-local-read it answers a read-only transaction from its old state. */
    private Http.Reply readFromIsolatedLaggard(Set<String> unsafe) throws Exception {
        try (KvCluster c = new KvCluster(dir, 3, unsafe, 10_000).startAll()) {
            String leader = c.awaitLeader();
            String laggard = c.ids.stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
            assertThat(txn(c.port(leader), "[[\"append\",\"x\",1]]").status()).isEqualTo(200);
            KvCluster.await("laggard applied x=[1]", () -> c.servers.get(laggard).raft().status().lastApplied() >= 2);
            c.stop(laggard);
            assertThat(txn(c.port(leader), "[[\"append\",\"x\",2]]").status()).isEqualTo(200);
            c.close();
            c.start(laggard);
            return txn(c.port(laggard), "[[\"r\",\"x\",null]]");
        }
    }

    @Test
    void txnLocalReadAnswersFromLocalStateWithoutAMajority() throws Exception {
        Http.Reply r = readFromIsolatedLaggard(Set.of(KvOptions.TXN_LOCAL_READ));
        assertThat(r.status()).isEqualTo(200);
        String read = r.body().get("ops").get(0).get(2).toString();
        assertThat(read).as("stale list").isIn("[1]", "null");
    }

    @Test
    void safeTransactionsRefuseToReadWithoutAMajority() throws Exception {
        Http.Reply r = readFromIsolatedLaggard(Set.of());
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.body().get("definite").asBoolean()).isTrue();
    }
}
