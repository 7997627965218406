package dev.faultline.paxos;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class PaxosClusterTest {
    @TempDir
    Path dir;

    @Test
    void readsWritesAndCasAtAnyNode() throws Exception {
        try (PaxosCluster c = new PaxosCluster(dir, 3, null).startAll()) {
            assertThat(c.get("n1", "x").value().isNull()).isTrue();
            assertThat(c.put("n1", "x", 1).status()).isEqualTo(200);
            assertThat(c.get("n2", "x").value().asInt()).isEqualTo(1);
            assertThat(c.cas("n3", "x", 1, 2).status()).isEqualTo(200);
            PaxosCluster.Answer mismatch = c.cas("n1", "x", 1, 3);
            assertThat(mismatch.status()).isEqualTo(409);
            assertThat(mismatch.body().get("definite").asBoolean()).isTrue();
            assertThat(mismatch.body().get("current").asInt()).isEqualTo(2);
            assertThat(c.get("n3", "x").value().asInt()).isEqualTo(2);
            assertThat(c.cas("n2", "y", null, "a").status()).as("cas from unwritten").isEqualTo(200);
            assertThat(c.get("n1", "y").value().asText()).isEqualTo("a");
        }
    }

    @Test
    void badRequestsAreDefinite4xx() throws Exception {
        try (PaxosCluster c = new PaxosCluster(dir, 3, null).startAll()) {
            assertThat(c.raw("n1", "PUT", "/kv/x", "{\"value\":").status()).isEqualTo(400);
            assertThat(c.raw("n1", "PUT", "/kv/x", "{\"v\":1}").body().get("message").asText()).contains("value");
            assertThat(c.raw("n1", "PUT", "/kv/x", "{\"value\":[1]}").status()).isEqualTo(400);
            assertThat(c.raw("n1", "DELETE", "/kv/x", "").status()).isEqualTo(405);
            assertThat(c.raw("n1", "GET", "/nope", "").status()).isEqualTo(404);
            assertThat(c.raw("n1", "POST", "/paxos/accept", "{\"key\":\"x\",\"ballot\":[1],\"value\":1}").status()).isEqualTo(400);
        }
    }

    @Test
    void withoutAMajorityOpsFailDefinitelyAndTheValueSurvivesRestarts() throws Exception {
        try (PaxosCluster c = new PaxosCluster(dir, 3, null).startAll()) {
            c.put("n1", "x", 5);
            c.stop("n2");
            assertThat(c.put("n1", "x", 6).status()).as("one of three down").isEqualTo(200);
            c.stop("n3");
            PaxosCluster.Answer alone = c.put("n1", "x", 7);
            assertThat(alone.status()).isEqualTo(503);
            assertThat(alone.body().get("definite").asBoolean()).isTrue();
            assertThat(c.get("n1", "x").status()).isEqualTo(503);
            c.stop("n1");
            c.start("n2");
            c.start("n3");
            assertThat(c.get("n2", "x").value().asInt()).as("n2 and n3 missed 6 but n1's disk has it").isIn(5, 6);
            c.start("n1");
            assertThat(c.get("n3", "x").value().asInt()).isEqualTo(6);
        }
    }

    @Test
    void concurrentCasIncrementsFromEveryNodeLoseNoUpdate() throws Exception {
        try (PaxosCluster c = new PaxosCluster(dir, 3, null).startAll()) {
            c.put("n1", "k", 0);
            ExecutorService pool = Executors.newFixedThreadPool(6);
            List<Future<int[]>> results = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                String node = c.ids.get(t % 3);
                results.add(pool.submit(() -> {
                    int acked = 0;
                    int unknown = 0;
                    for (int i = 0; i < 30; i++) {
                        PaxosCluster.Answer r = c.get(node, "k");
                        if (r.status() != 200) continue;
                        int v = r.value().asInt();
                        PaxosCluster.Answer w = c.cas(node, "k", v, v + 1);
                        if (w.status() == 200) acked++;
                        else if (w.status() == 504) unknown++; // accepted by a minority: may or may not count
                        else assertThat(w.status()).as(w.body().toString()).isIn(409, 503);
                    }
                    return new int[] {acked, unknown};
                }));
            }
            int acked = 0;
            int unknown = 0;
            for (Future<int[]> f : results) {
                acked += f.get()[0];
                unknown += f.get()[1];
            }
            pool.shutdown();
            assertThat(acked).isPositive();
            assertThat(c.get("n2", "k").value().asInt()).isBetween(acked, acked + unknown);
        }
    }

    @Test
    void skipPrepareLetsAFormerWinnerOverwriteFromItsStaleCache() throws Exception {
        // n1 wins a round on x, n2 writes, then n1 "as leader" applies a cas to the value it cached.
        try (PaxosCluster c = new PaxosCluster(dir, 3, "skip-prepare").startAll()) {
            assertThat(c.put("n1", "x", 1).status()).isEqualTo(200);
            for (int i = 0; i < 3; i++) c.put("n1", "x", 1); // n1's ballot counter moves ahead of n2's
            assertThat(c.put("n2", "x", 2).status()).isEqualTo(200);
            // n1 outbids n2 only once its own acceptor has seen n2's ballot (the put returned on a majority).
            for (int i = 0; i < 100 && c.servers.get("n1").acceptorState("x").value().asInt() != 2; i++) Thread.sleep(20);
            assertThat(c.servers.get("n1").acceptorState("x").value().asInt()).isEqualTo(2);
            PaxosCluster.Answer stale = c.cas("n1", "x", 1, 3);
            assertThat(stale.status()).as("the cas saw 1 though 2 was acknowledged: %s", stale.body()).isEqualTo(200);
        }
        try (PaxosCluster c = new PaxosCluster(dir.resolve("safe"), 3, null).startAll()) {
            c.put("n1", "x", 1);
            for (int i = 0; i < 3; i++) c.put("n1", "x", 1);
            c.put("n2", "x", 2);
            assertThat(c.cas("n1", "x", 1, 3).status()).isEqualTo(409);
        }
    }

    @Test
    void localReadAnswersOneAcceptorsStaleValue() throws Exception {
        try (PaxosCluster c = new PaxosCluster(dir, 3, "local-read").startAll()) {
            c.put("n1", "x", 1);
            // The put returns once a majority accepted: n3's accept may still be on its way.
            for (int i = 0; i < 100 && c.get("n3", "x").value().isNull(); i++) Thread.sleep(20);
            assertThat(c.get("n3", "x").value().asInt()).as("n3 accepted the first write").isEqualTo(1);
            c.stop("n3");
            c.put("n1", "x", 2);
            c.start("n3");
            assertThat(c.get("n3", "x").value().asInt()).as("n3 missed the write").isEqualTo(1);
        }
        try (PaxosCluster c = new PaxosCluster(dir.resolve("safe"), 3, null).startAll()) {
            c.put("n1", "x", 1);
            c.stop("n3");
            c.put("n1", "x", 2);
            c.start("n3");
            assertThat(c.get("n3", "x").value().asInt()).isEqualTo(2);
        }
    }
}
