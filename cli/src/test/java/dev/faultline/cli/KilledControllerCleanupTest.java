package dev.faultline.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import dev.faultline.checkers.history.JsonlHistory;
import dev.faultline.harness.control.Node;
import dev.faultline.harness.control.docker.DockerEngine;
import dev.faultline.harness.testing.DockerRequired;
import dev.faultline.harness.testing.SshdNodes;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A controller killed with SIGKILL in the middle of an {@code --unsafe stale-read} raft-kv run,
 * then a safe run on the same machines, as a user would do it: the safe run must leave nothing of
 * the killed run behind (processes, containers, networks), must test the safe build (not adopt the
 * unsafe servers) and be valid, and the killed run's partial history must still check.
 */
class KilledControllerCleanupTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LOCAL_BASE = Pattern.compile("local nodes under (\\S+) on");

    private final Path tmp;

    KilledControllerCleanupTest() throws IOException {
        tmp = Files.createDirectories(Path.of("target", "e2e")).resolve("killed-" + System.nanoTime());
    }

    /** What the killed controller left: its run directory and its pid. */
    private record Killed(Path runDir, long pid) {
    }

    @Test
    void localRunAfterAKilledLocalRun() throws Exception {
        Killed killed = startAndKill("--provisioner", "local");
        Matcher m = LOCAL_BASE.matcher(Files.readString(killed.runDir().resolve("faultline.log")));
        assertThat(m.find()).as("the killed run logged its sandboxes").isTrue();
        String base = m.group(1);
        List<Long> before = localProcessesUnder(base);
        assertThat(before).as("processes of the killed run right after the kill").isNotEmpty();

        Path safe = safeRun("--provisioner", "local");

        List<Long> after = localProcessesUnder(base);
        System.out.printf("local: processes of the killed run: %d before the safe run, %d after%n", before.size(), after.size());
        assertThat(after).as("processes of the killed run after the safe run").isEmpty();
        assertSafeRunTestedTheSafeBuild(safe);
        assertCheckable(killed);
    }

    @Test
    @Tag("docker")
    void dockerRunAfterAKilledDockerRun() throws Exception {
        DockerRequired.check();
        Killed killed = startAndKill();
        DockerClient docker = DockerEngine.client();
        List<String> before = dockerResourcesOf(docker, killed.pid());
        assertThat(before).as("containers and network of the killed run right after the kill").isNotEmpty();

        Path safe = safeRun();

        List<String> after = dockerResourcesOf(docker, killed.pid());
        System.out.printf("docker: containers and networks of the killed run: %d before the safe run, %d after%n",
                before.size(), after.size());
        assertThat(after).as("containers and networks of the killed run after the safe run").isEmpty();
        assertSafeRunTestedTheSafeBuild(safe);
        assertCheckable(killed);
    }

    @Test
    @Tag("docker")
    void sshRunAfterAKilledSshRun() throws Exception {
        DockerRequired.check();
        try (SshdNodes hosts = SshdNodes.start(3)) {
            String nodesFile = hosts.nodesFile().toString();
            Killed killed = startAndKill("--provisioner", "ssh", "--nodes-file", nodesFile);
            List<String> before = raftKvProcesses(hosts);
            assertThat(before).as("raft-kv servers of the killed run right after the kill").hasSize(3);

            Path safe = safeRun("--provisioner", "ssh", "--nodes-file", nodesFile);

            List<String> stillThere = new ArrayList<>(raftKvProcesses(hosts));
            stillThere.retainAll(before);
            System.out.printf("ssh: raft-kv servers of the killed run: %d before the safe run, %d after; %s%n",
                    before.size(), stillThere.size(), unsafeStarts(safe));
            assertThat(stillThere).as("servers of the killed run after the safe run").isEmpty();
            assertThat(raftKvProcesses(hosts)).as("servers after the safe run's teardown").isEmpty();
            assertSafeRunTestedTheSafeBuild(safe);
            assertCheckable(killed);
        }
    }

    /**
     * Starts a 3-node raft-kv run with {@code --unsafe stale-read} in a child JVM and SIGKILLs it
     * once its clients have completed some operations (setup is over).
     */
    private Killed startAndKill(String... machines) throws Exception {
        Path store = tmp.resolve("killed-store");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), FaultlineCli.class.getName(), "test",
                "--store", store.toString(), "--no-progress", "--target", "raft-kv", "--workload", "register",
                "--nodes", "3", "--concurrency", "4", "--time-limit", "30", "--unsafe", "stale-read", "--param", "rate=50"));
        cmd.addAll(Arrays.asList(machines));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                r.lines().forEach(l -> {
                    synchronized (output) {
                        output.append(l).append('\n');
                    }
                });
            } catch (IOException | java.io.UncheckedIOException e) {
                // the process is gone
            }
        });
        reader.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (true) {
                Path latest = store.resolve("latest");
                if (Files.exists(latest)) {
                    Path history = latest.toRealPath().resolve("history.jsonl");
                    if (Files.exists(history) && okClientOps(history) >= 20) break;
                }
                synchronized (output) {
                    assertThat(p.isAlive()).as("controller still running; output:\n%s", output).isTrue();
                }
                assertThat(System.nanoTime()).as("client ops within 90 s; output:\n%s", output).isLessThan(deadline);
                Thread.sleep(200);
            }
            p.destroyForcibly(); // SIGKILL: no shutdown hook runs
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            reader.join(5000);
            return new Killed(store.resolve("latest").toRealPath(), p.pid());
        } finally {
            p.destroyForcibly();
        }
    }

    private static long okClientOps(Path history) {
        try {
            return JsonlHistory.readPrefix(history).history().ops().stream().filter(o -> !o.isNemesis() && o.isOk()).count();
        } catch (RuntimeException e) {
            return 0; // not even a first complete line yet
        }
    }

    /** A short safe raft-kv run on the same kind of machines; must complete and be valid. Returns its run directory. */
    private Path safeRun(String... machines) throws Exception {
        Path store = tmp.resolve("safe-store");
        List<String> args = new ArrayList<>(List.of("test", "--store", store.toString(), "--no-progress", "--seed", "7",
                "--target", "raft-kv", "--workload", "register", "--nodes", "3", "--concurrency", "4", "--time-limit", "8",
                "--param", "rate=50"));
        args.addAll(Arrays.asList(machines));
        int exit = FaultlineCli.run(args.toArray(String[]::new));
        Path run = store.resolve("latest").toRealPath();
        String test = Files.readString(run.resolve("test.json"));
        assertThat(exit).as("safe run exit code; test.json: %s", test).isZero();
        assertThat(JSON.readTree(run.resolve("results.json").toFile()).get("validity").asText()).isEqualTo("valid");
        return run;
    }

    /** The servers of the safe run were started by it, without the unsafe switch (not adopted from the killed run). */
    private static void assertSafeRunTestedTheSafeBuild(Path safeRun) throws IOException {
        for (String n : List.of("n1", "n2", "n3")) {
            Path log = safeRun.resolve("nodes/" + n + "/raft-kv.log");
            assertThat(log).exists();
            List<String> starts = Files.readAllLines(log).stream().filter(l -> l.startsWith("=== ") && l.contains(" starting: ")).toList();
            assertThat(starts).as("start lines in %s", log).isNotEmpty();
            assertThat(starts.get(starts.size() - 1)).as("the last start on %s", n).doesNotContain("--unsafe");
        }
    }

    private static String unsafeStarts(Path safeRun) throws IOException {
        Path log = safeRun.resolve("nodes/n1/raft-kv.log");
        if (!Files.exists(log)) return "no log of n1";
        List<String> starts = Files.readAllLines(log).stream().filter(l -> l.contains(" starting: ")).toList();
        return "last start on n1 " + (starts.isEmpty() ? "none" : starts.get(starts.size() - 1).contains("--unsafe") ? "UNSAFE" : "safe");
    }

    /** The killed run's partial history gives a verdict with {@code faultline check}, not a parse error. */
    private static void assertCheckable(Killed killed) {
        Path history = killed.runDir().resolve("history.jsonl");
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            exit = FaultlineCli.run("check", history.toString());
        } finally {
            System.setOut(saved);
        }
        assertThat(exit).as("faultline check %s: %s", history, out.toString(StandardCharsets.UTF_8)).isIn(0, 1);
    }

    /** Processes of this user whose environment names a node sandbox under {@code base} (local mode's nodes). */
    private static List<Long> localProcessesUnder(String base) throws IOException {
        List<Long> found = new ArrayList<>();
        String marker = "FAULTLINE_NODE_ROOT=" + base + "/";
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                if (!p.getFileName().toString().matches("\\d+")) continue;
                try {
                    String env = new String(Files.readAllBytes(p.resolve("environ")), StandardCharsets.UTF_8);
                    if (Arrays.stream(env.split("\0")).anyMatch(v -> v.startsWith(marker))) found.add(Long.parseLong(p.getFileName().toString()));
                } catch (IOException gone) {
                    // exited, or another user's
                }
            }
        }
        return found;
    }

    private static List<String> dockerResourcesOf(DockerClient docker, long pid) {
        String label = "faultline.pid=" + pid;
        List<String> found = new ArrayList<>();
        docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(label)).exec()
                .forEach(c -> found.add("container " + c.getNames()[0]));
        docker.listNetworksCmd().exec().stream()
                .filter(n -> n.getLabels() != null && Long.toString(pid).equals(n.getLabels().get("faultline.pid")))
                .forEach(n -> found.add("network " + n.getName()));
        return found;
    }

    /** {@code host:pid} of every raft-kv server process on the SSH hosts (looked at through docker exec). */
    private static List<String> raftKvProcesses(SshdNodes hosts) {
        List<String> found = new ArrayList<>();
        for (Node n : hosts.containers().nodes()) {
            String out = n.remote().sh("for d in /proc/[0-9]*; do tr '\\0' ' ' < $d/cmdline 2>/dev/null"
                    + " | grep -q '[o]pt/faultline/raft-kv/lib' && echo ${d#/proc/}; done; true").orThrow("ps on " + n.name()).stdout();
            for (String pid : out.strip().split("\\s+")) if (!pid.isEmpty()) found.add(n.name() + ":" + pid);
        }
        return found;
    }
}
