package dev.faultline.raftkv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** No acknowledged write is lost when one node of three stops in the middle of a write load. */
class KvFailoverTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void noAcknowledgedWriteLostWhenOneNodeStops(boolean stopLeader) throws Exception {
        try (KvCluster c = new KvCluster(dir, 3, Set.of(), 40).startAll()) {
            String leader = c.awaitLeader();
            String victim = stopLeader ? leader
                    : c.ids.stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
            AckedWrites writes = new AckedWrites(4, 40, 3,
                    () -> c.servers.keySet().stream().map(c::port).toList()).start();
            long t0 = System.nanoTime();
            writes.awaitHalfway();
            long t1 = System.nanoTime();
            c.stop(victim);
            long t2 = System.nanoTime();
            writes.join();
            long t3 = System.nanoTime();
            System.out.printf("halfway %d ms, stop %d ms, rest %d ms%n", (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000,
                    (t3 - t2) / 1_000_000);
            String now = c.awaitLeader();
            assertThat(now).isNotEqualTo(victim);
            Map<String, String> finals = new HashMap<>();
            for (String key : List.of("k0", "k1", "k2")) {
                Http.Reply r = Http.get(c.port(now), key);
                assertThat(r.status()).isEqualTo(200);
                finals.put(key, r.value().isNull() ? "" : r.value().asText());
            }
            writes.verify(finals);
            // the stopped node comes back from its files and converges
            c.start(victim);
            String k0 = finals.get("k0");
            KvCluster.await(victim + " converges", () -> victim.equals(c.awaitLeader())
                    || c.servers.get(victim).raft().status().lastApplied()
                    >= c.servers.get(now).raft().status().commitIndex());
            assertThat(k0).isNotEmpty();
        }
    }
}
