package dev.faultline.lock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One JVM per node, started as the real command line ({@code dev.faultline.lock.Main},
 * {@code dev.faultline.lock.ResourceMain}) and killed with SIGKILL.
 */
class LockProcessTest {
    @TempDir
    Path dir;

    private final Map<String, Process> procs = new LinkedHashMap<>();

    private Process launch(String name, String mainClass, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classpath(), mainClass));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile()).start();
        procs.put(name, p);
        return p;
    }

    /** This module's classes plus its runtime libraries, found from the classes themselves. */
    static String classpath() {
        java.util.Set<String> parts = new java.util.LinkedHashSet<>();
        for (Class<?> c : List.of(Main.class, dev.faultline.raft.RaftNode.class, dev.faultline.server.http.JsonHttpServer.class,
                com.fasterxml.jackson.databind.JsonNode.class,
                com.fasterxml.jackson.core.JsonFactory.class, com.fasterxml.jackson.annotation.JsonProperty.class,
                org.slf4j.LoggerFactory.class, ch.qos.logback.classic.Logger.class, ch.qos.logback.core.Appender.class)) {
            try {
                parts.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (Exception e) {
                throw new IllegalStateException("cannot locate " + c, e);
            }
        }
        return String.join(File.pathSeparator, parts);
    }

    private void killAll() {
        procs.values().forEach(Process::destroyForcibly);
    }

    @Test
    void staleHolderAfterLeaderKillIsFencedOnlyWhenFencingIsOn() throws Exception {
        try {
            LockCluster layout = new LockCluster(dir, 3, "--max-ttl-ms", "2000");
            for (String id : layout.clientPorts.keySet()) launch(id, "dev.faultline.lock.Main", layout.args(id));
            int safePort = LockCluster.freePort();
            int unsafePort = LockCluster.freePort();
            launch("resource", "dev.faultline.lock.ResourceMain", List.of("--bind", "127.0.0.1", "--port",
                    Integer.toString(safePort), "--data-dir", dir.resolve("resource").toString()));
            launch("resource-unsafe", "dev.faultline.lock.ResourceMain", List.of("--bind", "127.0.0.1", "--port",
                    Integer.toString(unsafePort), "--unsafe", "no-fencing"));

            String leader = awaitLeader(layout);
            LockCluster.await("the resources answer", 120, () -> Http.get(safePort, "/status").ok() && Http.get(unsafePort, "/status").ok());
            Http.Answer a = Http.acquire(layout.port(leader), "L", "slow", 1_500);
            assertThat(a.ok()).as("%s", a).isTrue();
            long stale = a.token();
            assertThat(Http.write(safePort, "L", "slow", stale, "s1").ok()).isTrue();
            assertThat(Http.write(unsafePort, "L", "slow", stale, "s1").ok()).isTrue();

            procs.get(leader).destroyForcibly().waitFor();
            String other = layout.clientPorts.keySet().stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
            long[] fresh = {-1};
            LockCluster.await("another client gets L after the lease and the new-leader wait", 60, () -> {
                Http.Answer x = Http.acquire(layout.port(other), "L", "fast", 1_500);
                if (x.ok()) fresh[0] = x.token();
                return x.ok();
            });
            assertThat(fresh[0]).isGreaterThan(stale);
            assertThat(Http.write(safePort, "L", "fast", fresh[0], "f1").ok()).isTrue();
            assertThat(Http.write(unsafePort, "L", "fast", fresh[0], "f1").ok()).isTrue();

            // The slow client wakes up and writes with its old token.
            Http.Answer fenced = Http.write(safePort, "L", "slow", stale, "s2");
            assertThat(fenced.error()).isEqualTo("stale-token");
            assertThat(Http.write(unsafePort, "L", "slow", stale, "s2").ok()).isTrue();

            // The safe resource remembers the highest token across a kill -9.
            procs.get("resource").destroyForcibly().waitFor();
            launch("resource", "dev.faultline.lock.ResourceMain", List.of("--bind", "127.0.0.1", "--port",
                    Integer.toString(safePort), "--data-dir", dir.resolve("resource").toString()));
            LockCluster.await("the resource is back", 120, () -> Http.get(safePort, "/status").ok());
            assertThat(Http.write(safePort, "L", "slow", stale, "s3").error()).isEqualTo("stale-token");
            assertThat(Http.get(safePort, "/resource/L").body().path("value").asText()).isEqualTo("f1");

            // The killed node restarts from its data directory and rejoins.
            launch(leader, "dev.faultline.lock.Main", layout.args(leader));
            LockCluster.await(leader + " rejoins", 120, () -> {
                Http.Answer s = Http.get(layout.port(leader), "/status");
                return s.ok() && s.body().path("leader").isTextual();
            });
            Http.Answer viaRestarted = Http.release(layout.port(leader), "L", "fast", fresh[0]);
            assertThat(viaRestarted.ok()).as("%s", viaRestarted).isTrue();
        } catch (AssertionError | RuntimeException e) {
            dumpLogs();
            throw e;
        } finally {
            killAll();
        }
    }

    private void dumpLogs() throws IOException {
        for (String name : procs.keySet()) {
            Path log = dir.resolve(name + ".log");
            if (java.nio.file.Files.exists(log)) {
                List<String> lines = java.nio.file.Files.readAllLines(log);
                System.out.println("---- " + name + " (last 40 lines)");
                lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(System.out::println);
            }
        }
    }

    @Test
    void badCommandLinesExitWithStatus2() throws Exception {
        Process p = launch("bad", "dev.faultline.lock.Main", List.of("--id", "n1", "--unsafe", "no-such-bug"));
        assertThat(p.waitFor()).isEqualTo(2);
        Process r = launch("bad-resource", "dev.faultline.lock.ResourceMain", List.of("--port", "x"));
        assertThat(r.waitFor()).isEqualTo(2);
    }

    private static String awaitLeader(LockCluster layout) {
        String[] found = new String[1];
        LockCluster.await("a leader", 120, () -> {
            for (String id : layout.clientPorts.keySet()) {
                Http.Answer s = Http.get(layout.port(id), "/status");
                if (s.ok() && "leader".equals(s.body().path("role").asText())) {
                    found[0] = id;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }
}
