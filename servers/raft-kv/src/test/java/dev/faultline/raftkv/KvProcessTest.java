package dev.faultline.raftkv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real JVMs, killed with SIGKILL (destroyForcibly), restarted from their data directories. */
class KvProcessTest {
    @TempDir
    Path dir;
    private final Map<String, Process> procs = new LinkedHashMap<>();
    private KvCluster layout;

    @AfterEach
    void killAll() {
        procs.values().forEach(Process::destroyForcibly);
    }

    private void launch(String id) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // use the production logback.xml (stdout + DATA_DIR/raft-kv.log), not the test one
        String logback = Main.class.getResource("/logback.xml").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dlogback.configurationFile=" + logback, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(layout.args(id));
        Path out = dir.resolve(id + ".out");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile())).start();
        procs.put(id, p);
    }

    private void sigkill(String id) throws InterruptedException {
        Process p = procs.remove(id);
        p.destroyForcibly();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("killed by SIGKILL").isEqualTo(137);
    }

    private String awaitLeaderViaHttp() {
        String[] leader = new String[1];
        KvCluster.await("a leader answers", () -> {
            for (String id : procs.keySet()) {
                try {
                    var s = Http.status(layout.port(id)).body();
                    if (s.path("role").asText().equals("leader")) {
                        leader[0] = id;
                        return true;
                    }
                } catch (Exception e) {
                    // not up yet
                }
            }
            return false;
        });
        return leader[0];
    }

    @Test
    void acknowledgedWritesSurviveSigkillOfLeaderAndOfWholeCluster() throws Exception {
        layout = new KvCluster(dir, 3, Set.of(), 30);
        for (String id : layout.ids) {
            launch(id);
        }
        String leader = awaitLeaderViaHttp();
        AckedWrites writes = new AckedWrites(4, 50, 4,
                () -> procs.keySet().stream().map(layout::port).toList()).start();
        writes.awaitHalfway();
        sigkill(leader);
        writes.join();
        String second = awaitLeaderViaHttp();
        assertThat(second).isNotEqualTo(leader);
        launch(leader);

        // kill -9 everything at once, then bring the cluster back from disk
        for (String id : List.copyOf(procs.keySet())) {
            procs.get(id).destroyForcibly();
        }
        for (Process p : procs.values()) {
            p.waitFor(10, TimeUnit.SECONDS);
        }
        procs.clear();
        for (String id : layout.ids) {
            launch(id);
        }
        String third = awaitLeaderViaHttp();
        Map<String, String> finals = new HashMap<>();
        for (String key : List.of("k0", "k1", "k2", "k3")) {
            Http.Reply r = Http.get(layout.port(third), key);
            assertThat(r.status()).isEqualTo(200);
            finals.put(key, r.value().isNull() ? "" : r.value().asText());
        }
        writes.verify(finals);
        // every node kept a snapshot and log on disk
        for (String id : layout.ids) {
            assertThat(dir.resolve(id).resolve("log")).exists();
            assertThat(dir.resolve(id).resolve("meta")).exists();
        }
        assertThat(Files.list(dir).map(Path::getFileName).map(Path::toString).toList())
                .contains("n1.out", "n2.out", "n3.out");
        assertThat(Files.readString(dir.resolve(leader + ".out"))).contains("became leader");
        assertThat(Files.readString(dir.resolve(leader).resolve("raft-kv.log"))).contains("became leader");
        assertThat(new File(dir.resolve("n1").toFile(), "snapshot")).exists();

        pausedLeaderDoesNotServeStaleReads(third);
    }

    /**
     * SIGSTOP the leader, let the others elect a new one and overwrite a key, queue a GET at the
     * paused old leader, then SIGCONT it: the read it answers first, while it still believes it
     * leads, must not return the overwritten value (ReadIndex must catch the deposed leader).
     */
    private void pausedLeaderDoesNotServeStaleReads(String leader) throws Exception {
        assertThat(Http.put(layout.port(leader), "stale", "1").status()).isEqualTo(200);
        signal("STOP", leader);
        try {
            String[] next = new String[1];
            KvCluster.await("a new leader while " + leader + " is paused", () -> {
                for (String id : procs.keySet()) {
                    if (id.equals(leader)) {
                        continue;
                    }
                    try {
                        if (Http.status(layout.port(id)).body().path("role").asText().equals("leader")) {
                            next[0] = id;
                            return true;
                        }
                    } catch (Exception e) {
                        // keep polling
                    }
                }
                return false;
            });
            assertThat(Http.put(layout.port(next[0]), "stale", "2").status()).isEqualTo(200);
            java.util.concurrent.CompletableFuture<Http.Reply> read = java.util.concurrent.CompletableFuture
                    .supplyAsync(() -> {
                        try {
                            return Http.get(layout.port(leader), "stale");
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
            Thread.sleep(300); // the request sits in the paused JVM's socket backlog
            signal("CONT", leader);
            Http.Reply r = read.get(30, TimeUnit.SECONDS);
            if (r.status() == 200) {
                assertThat(r.value().asInt()).as("read at the resumed, deposed leader").isEqualTo(2);
            } else {
                assertThat(r.body().path("definite").isBoolean()).isTrue();
            }
        } finally {
            signal("CONT", leader);
        }
    }

    private void signal(String sig, String id) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + sig, Long.toString(procs.get(id).pid())).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }
}
