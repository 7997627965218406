package dev.faultline.lock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.server.http.JsonHttpServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** In-process three-node clusters on loopback (real Raft, real files, real HTTP). */
class LockServerTest {
    @TempDir
    Path dir;

    @Test
    void acquireRenewReleaseAndLeaseExpiry() throws Exception {
        try (LockCluster c = new LockCluster(dir, 3).startAll()) {
            String leader = c.awaitLeader();
            String follower = c.clientPorts.keySet().stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
            int lp = c.port(leader);

            Http.Answer a = Http.acquire(lp, "L", "c1", 5_000);
            assertThat(a.ok()).as("acquire %s", a).isTrue();
            long t1 = a.token();
            assertThat(a.body().path("ttlMs").asLong()).isEqualTo(5_000);

            // Held: another client is refused, definitely; through a follower too (proxied).
            Http.Answer held = Http.acquire(c.port(follower), "L", "c2", 5_000);
            assertThat(held.status()).isEqualTo(409);
            assertThat(held.error()).isEqualTo("lock-held");
            assertThat(held.body().path("definite").asBoolean()).isTrue();
            assertThat(held.body().path("holder").asText()).isEqualTo("c1");

            // Renew by the holder keeps the token; by anyone else or with another token it is refused.
            Http.Answer r = Http.renew(lp, "L", "c1", t1);
            assertThat(r.ok()).as("renew %s", r).isTrue();
            assertThat(r.token()).isEqualTo(t1);
            assertThat(Http.renew(lp, "L", "c2", t1).error()).isEqualTo("not-holder");
            assertThat(Http.renew(lp, "L", "c1", t1 + 1000).error()).isEqualTo("not-holder");
            assertThat(Http.release(lp, "L", "c2", t1).error()).isEqualTo("not-holder");

            // Release frees it at once; the next grant has a higher token.
            assertThat(Http.release(c.port(follower), "L", "c1", t1).body().path("released").asBoolean()).isTrue();
            Http.Answer b = Http.acquire(lp, "L", "c2", 600);
            assertThat(b.ok()).as("acquire after release %s", b).isTrue();
            long t2 = b.token();
            assertThat(t2).isGreaterThan(t1);

            // Lease expiry: c3 is refused while c2's 600 ms lease runs, then granted with a higher token.
            long invoked = System.nanoTime();
            Http.Answer early = Http.acquire(lp, "L", "c3", 600);
            if (System.nanoTime() - invoked < 300_000_000L) {
                assertThat(early.error()).isEqualTo("lock-held");
            }
            long[] t3 = {-1};
            LockCluster.await("c3 gets L after c2's lease ran out", () -> {
                Http.Answer x = Http.acquire(lp, "L", "c3", 600);
                if (x.ok()) t3[0] = x.token();
                return x.ok();
            });
            assertThat(t3[0]).isGreaterThan(t2);
            // c2's lease is gone: its renew and release are refused.
            assertThat(Http.renew(lp, "L", "c2", t2).error()).isEqualTo("not-holder");
            assertThat(Http.release(lp, "L", "c2", t2).error()).isEqualTo("not-holder");
        }
    }

    @Test
    void renewKeepsTheLeaseAlivePastItsTtl() throws Exception {
        try (LockCluster c = new LockCluster(dir, 3).startAll()) {
            int lp = c.port(c.awaitLeader());
            Http.Answer a = Http.acquire(lp, "R", "c1", 800);
            assertThat(a.ok()).isTrue();
            long start = System.nanoTime();
            while (System.nanoTime() - start < 2_400_000_000L) {
                assertThat(Http.renew(lp, "R", "c1", a.token()).ok()).isTrue();
                assertThat(Http.acquire(lp, "R", "c2", 800).error()).isEqualTo("lock-held");
                LockCluster.sleep(200);
            }
        }
    }

    @Test
    void tokensIncreaseAcrossLeaderChangesAndNewLeaderHonoursOldLeases() throws Exception {
        try (LockCluster c = new LockCluster(dir, 3, "--max-ttl-ms", "3000").startAll()) {
            long last = 0;
            for (int round = 0; round < 2; round++) {
                String leader = c.awaitLeader();
                int lp = c.port(leader);
                for (int i = 0; i < 3; i++) {
                    Http.Answer a = Http.acquire(lp, "T", "c" + round + i, 3_000);
                    assertThat(a.ok()).as("acquire %s", a).isTrue();
                    assertThat(a.token()).isGreaterThan(last);
                    last = a.token();
                    assertThat(Http.release(lp, "T", "c" + round + i, last).ok()).isTrue();
                }
                // Leave a lease held under this term, then kill the leader.
                long invoked = System.nanoTime();
                Http.Answer held = Http.acquire(lp, "T", "holder" + round, 3_000);
                assertThat(held.ok()).isTrue();
                last = held.token();
                c.stop(leader);
                String next = c.awaitLeader();
                int np = c.port(next);
                long[] granted = {-1};
                LockCluster.await("the new leader grants T after the old lease", () -> {
                    Http.Answer x = Http.acquire(np, "T", "taker" + 0, 3_000);
                    if (x.ok()) {
                        granted[0] = x.token();
                        return true;
                    }
                    assertThat(x.status()).as("answer %s", x).isIn(409, 503, 504);
                    return false;
                });
                long waitedMs = (System.nanoTime() - invoked) / 1_000_000;
                assertThat(waitedMs).as("the old holder's 3000 ms lease must run out first").isGreaterThanOrEqualTo(3_000);
                assertThat(granted[0]).isGreaterThan(last);
                last = granted[0];
                assertThat(Http.release(np, "T", "taker0", last).ok()).isTrue();
                c.start(leader);
            }
        }
    }

    @Test
    void wallClockLeaseHandsOutAHeldLockWhenTheLeadersClockJumps() throws Exception {
        assertThat(grantedToSecondClientAfterClockJump(dir.resolve("unsafe"), true)).isTrue();
    }

    @Test
    void safeLeasesIgnoreTheWallClock() throws Exception {
        assertThat(grantedToSecondClientAfterClockJump(dir.resolve("safe"), false)).isFalse();
    }

    private static boolean grantedToSecondClientAfterClockJump(Path dir, boolean wallClockLease) throws Exception {
        String[] extra = wallClockLease ? new String[]{"--unsafe", "wall-clock-lease"} : new String[0];
        try (LockCluster c = new LockCluster(dir, 3, extra).startAll()) {
            String leader = c.awaitLeader();
            int lp = c.port(leader);
            assertThat(Http.acquire(lp, "W", "c1", 5_000).ok()).isTrue();
            assertThat(Http.acquire(lp, "W", "c2", 5_000).error()).isEqualTo("lock-held");
            // Every node's clock jumps, so the outcome does not depend on which node leads next.
            c.servers.values().forEach(s -> s.wallClock().setOffsetMillis(3_600_000));
            Http.Answer second = Http.acquire(lp, "W", "c2", 5_000);
            if (!second.ok()) assertThat(second.error()).isEqualTo("lock-held");
            return second.ok();
        }
    }

    @Test
    void badRequestsGet4xxAndTheServerKeepsServing() throws Exception {
        try (LockCluster c = new LockCluster(dir, 3).startAll()) {
            int lp = c.port(c.awaitLeader());
            assertThat(Http.post(lp, "/locks/L/acquire", "{not json").status()).isEqualTo(400);
            assertThat(Http.post(lp, "/locks/L/acquire", "").status()).isEqualTo(400);
            assertThat(Http.post(lp, "/locks/L/acquire", "[1,2]").status()).isEqualTo(400);
            assertThat(Http.post(lp, "/locks/L/acquire", "{\"client\":\"c1\"}").error()).isEqualTo("bad-request");
            assertThat(Http.post(lp, "/locks/L/acquire", "{\"client\":\"c1\",\"ttlMs\":\"x\"}").status()).isEqualTo(400);
            assertThat(Http.acquire(lp, "L", "c1", 0).status()).isEqualTo(400);
            assertThat(Http.acquire(lp, "L", "c1", 10_000_000).status()).isEqualTo(400);
            assertThat(Http.post(lp, "/locks/L/renew", "{\"client\":\"c1\",\"token\":1.5}").status()).isEqualTo(400);
            assertThat(Http.get(lp, "/locks/L/acquire").status()).isEqualTo(405);
            assertThat(Http.get(lp, "/nope").status()).isEqualTo(404);
            Http.Answer big = Http.post(lp, "/locks/L/acquire", "{\"client\":\"" + "x".repeat(JsonHttpServer.MAX_BODY) + "\"}");
            assertThat(big.status()).isEqualTo(413);
            assertThat(Http.acquire(lp, "bad%20name", "c1", 1000).status()).isEqualTo(400);
            Http.Answer a = Http.acquire(lp, "L", "c1", 1000);
            assertThat(a.ok()).as("still serving: %s", a).isTrue();
            assertThat(Http.get(lp, "/locks/L").body().path("holder").asText()).isEqualTo("c1");
            assertThat(Http.get(lp, "/status").body().path("role").asText()).isEqualTo("leader");
        }
    }
}
