package dev.faultline.raftkv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Real JVMs, killed with SIGKILL (destroyForcibly), restarted from their data directories. */
@ExtendWith(NodeLogsOnFailure.class)
class KvProcessTest implements NodeLogsOnFailure.NodeDirs {
    @TempDir
    Path dir;
    private final Map<String, Process> procs = new LinkedHashMap<>();
    private final Map<String, Long> launchedAt = new HashMap<>();
    private KvCluster layout;

    /**
     * Deadline for a leader after three JVMs are launched at once. A node costs about 1.3 s of CPU to
     * start (class loading, logback, Jackson), so on a 2-core CI machine wall time scales with the
     * load: launch to leader took 12-22 s at load ~20 and 19-35 s at load ~24 plus four busy loops
     * (whole-cluster restart: 8-18 s), where the old 20 s deadline failed. Election itself took under
     * 1.2 s once two nodes served. 90 s keeps a margin at load 40 and still fails a cluster that
     * never elects; the printed timings show when start-up creeps up.
     */
    private static final Duration AFTER_LAUNCH = Duration.ofSeconds(90);
    /** Deadline for an election among JVMs that are already running. */
    private static final Duration ELECTION = Duration.ofSeconds(30);

    @Override
    public Path nodeDir() {
        return dir;
    }

    @AfterEach
    void killAll() {
        procs.values().forEach(Process::destroyForcibly);
    }

    private void launch(String id) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // use the production raft-kv-logback.xml (stdout + DATA_DIR/raft-kv.log), not the test one
        String logback = Main.class.getResource("/raft-kv-logback.xml").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dlogback.configurationFile=" + logback, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(layout.args(id));
        Path out = dir.resolve(id + ".out");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile())).start();
        procs.put(id, p);
        launchedAt.put(id, System.nanoTime());
    }

    private void sigkill(String id) throws InterruptedException {
        Process p = procs.remove(id);
        p.destroyForcibly();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("killed by SIGKILL").isEqualTo(137);
    }

    /**
     * Polls /status of every running node until one says it leads. Prints how long each node took to
     * answer HTTP after its launch; on timeout the failure names each node's last answer or error.
     */
    private String awaitLeaderViaHttp(String what, Duration timeout) {
        String[] leader = new String[1];
        Map<String, Long> answeredAt = new HashMap<>();
        Map<String, String> last = new LinkedHashMap<>();
        long since = System.nanoTime();
        KvCluster.await("a leader answers " + what, timeout, () -> {
            for (String id : procs.keySet()) {
                long t0 = System.nanoTime();
                try {
                    var s = Http.status(layout.port(id)).body();
                    answeredAt.putIfAbsent(id, System.nanoTime());
                    last.put(id, s.path("role").asText() + " in term " + s.path("term").asLong());
                    if (s.path("role").asText().equals("leader")) {
                        leader[0] = id;
                        return true;
                    }
                } catch (Exception e) {
                    last.put(id, e.toString() + " after " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)
                            + " ms");
                }
            }
            return false;
        }, () -> "; last /status answers: " + last + "; " + startupTimes(answeredAt));
        System.out.println(what + ": leader " + leader[0] + " after "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since) + " ms; " + startupTimes(answeredAt));
        return leader[0];
    }

    private String startupTimes(Map<String, Long> answeredAt) {
        StringBuilder b = new StringBuilder();
        for (String id : procs.keySet()) {
            Long t = answeredAt.get(id);
            b.append(id).append(" first answered HTTP ")
                    .append(t == null ? "never" : TimeUnit.NANOSECONDS.toMillis(t - launchedAt.get(id)) + " ms")
                    .append(" after its launch; ");
        }
        return b.toString();
    }

    @Test
    void acknowledgedWritesSurviveSigkillOfLeaderAndOfWholeCluster() throws Exception {
        layout = new KvCluster(dir, 3, Set.of(), 30);
        for (String id : layout.ids) {
            launch(id);
        }
        String leader = awaitLeaderViaHttp("first start", AFTER_LAUNCH);
        AckedWrites writes = new AckedWrites(4, 50, 4,
                () -> procs.keySet().stream().map(layout::port).toList()).start();
        writes.awaitHalfway();
        sigkill(leader);
        writes.join();
        String second = awaitLeaderViaHttp("after SIGKILL of leader " + leader, ELECTION);
        assertThat(second).isNotEqualTo(leader);
        launch(leader);

        // kill -9 everything at once, then bring the cluster back from disk
        for (String id : List.copyOf(procs.keySet())) {
            procs.get(id).destroyForcibly();
        }
        for (Process p : procs.values()) {
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("killed JVM exited").isTrue();
        }
        procs.clear();
        for (String id : layout.ids) {
            launch(id);
        }
        String third = awaitLeaderViaHttp("after SIGKILL of the whole cluster", AFTER_LAUNCH);
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
            KvCluster.await("a new leader while " + leader + " is paused", ELECTION, () -> {
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
            }, () -> "");
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
