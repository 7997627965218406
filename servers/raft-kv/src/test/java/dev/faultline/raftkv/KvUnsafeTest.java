package dev.faultline.raftkv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.faultline.raft.Unsafe;

/** The planted bugs change behaviour, and the safe build does not show them. */
class KvUnsafeTest {
    @TempDir
    Path dir;

    /**
     * n3 misses the write x=2, then comes back alone (no majority). With stale-read it answers from
     * its own old state; the safe build refuses (503) instead of answering.
     */
    private Http.Reply readFromIsolatedLaggard(Set<String> unsafe) throws Exception {
        try (KvCluster c = new KvCluster(dir, 3, unsafe, 10_000).startAll()) {
            String leader = c.awaitLeader();
            String laggard = c.ids.stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
            assertThat(Http.put(c.port(leader), "x", "1").status()).isEqualTo(200);
            KvCluster.await("laggard applied x=1",
                    () -> c.servers.get(laggard).raft().status().lastApplied() >= 2);
            c.stop(laggard);
            assertThat(Http.put(c.port(leader), "x", "2").status()).isEqualTo(200);
            c.close();
            c.start(laggard);
            return Http.get(c.port(laggard), "x");
        }
    }

    @Test
    void staleReadAnswersFromLocalStateWithoutAMajority() throws Exception {
        Http.Reply r = readFromIsolatedLaggard(Set.of(KvOptions.STALE_READ));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.value().isNull() || r.value().asInt() == 1).as("stale value " + r.value()).isTrue();
    }

    @Test
    void safeBuildRefusesToReadWithoutAMajority() throws Exception {
        Http.Reply r = readFromIsolatedLaggard(Set.of());
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.body().get("definite").asBoolean()).isTrue();
    }

    @Test
    void commitOldTermSkipsTheElectionNoop() throws Exception {
        for (boolean bug : new boolean[] {false, true}) {
            Path d = dir.resolve(bug ? "bug" : "safe");
            try (KvCluster c = new KvCluster(d, 3, bug ? Set.of(Unsafe.COMMIT_OLD_TERM) : Set.of(), 10_000)
                    .startAll()) {
                String leader = c.awaitLeader();
                long lastLog = c.servers.get(leader).raft().status().lastLogIndex();
                assertThat(lastLog).as("log after first election, bug=" + bug).isEqualTo(bug ? 0 : 1);
                assertThat(Http.put(c.port(leader), "k", "1").status()).isEqualTo(200);
            }
        }
    }
}
