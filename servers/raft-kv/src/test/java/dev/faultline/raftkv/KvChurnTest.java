package dev.faultline.raftkv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random restarts (leader included) under a write load, with a small snapshot threshold so that
 * restarted nodes often catch up by InstallSnapshot. Rounds: -Dchurn.rounds (default 3; 25 rounds passed by hand).
 */
class KvChurnTest {
    @TempDir
    Path dir;

    @Test
    void acknowledgedWritesSurviveRepeatedRestartsAndReplicasConverge() throws Exception {
        int rounds = Integer.getInteger("churn.rounds", 3);
        try (KvCluster c = new KvCluster(dir, 3, Set.of(), 25).startAll()) {
            c.awaitLeader();
            AckedWrites writes = new AckedWrites(4, 40 * rounds, 4,
                    () -> c.servers.keySet().stream().map(c::port).toList()).start();
            for (int r = 0; r < rounds; r++) {
                KvCluster.sleep(600);
                String victim = ThreadLocalRandom.current().nextBoolean() ? c.awaitLeader()
                        : c.ids.get(ThreadLocalRandom.current().nextInt(c.ids.size()));
                c.stop(victim);
                KvCluster.sleep(600);
                c.start(victim);
            }
            writes.join();
            String leader = c.awaitLeader();
            Map<String, String> finals = new HashMap<>();
            for (String key : List.of("k0", "k1", "k2", "k3")) {
                Http.Reply r = Http.get(c.port(leader), key);
                assertThat(r.status()).isEqualTo(200);
                finals.put(key, r.value().isNull() ? "" : r.value().asText());
            }
            writes.verify(finals);
            long commit = c.servers.get(leader).raft().status().commitIndex();
            for (String id : c.ids) {
                KvCluster.await(id + " applies up to " + commit,
                        () -> c.servers.get(id).raft().status().lastApplied() >= commit);
                for (var e : finals.entrySet()) {
                    String v = c.servers.get(id).stateMachine().get(e.getKey()).asText("");
                    assertThat(v).as(id + " replica of " + e.getKey()).isEqualTo(e.getValue());
                }
            }
        }
    }
}
