package dev.faultline.harness.provision;

import com.github.dockerjava.api.DockerClient;
import dev.faultline.harness.control.Cluster;
import dev.faultline.harness.control.Daemon;
import dev.faultline.harness.control.ExecResult;
import dev.faultline.harness.control.Node;
import dev.faultline.harness.control.Remote;
import dev.faultline.harness.control.RemoteException;
import dev.faultline.harness.control.docker.DockerEngine;
import dev.faultline.harness.testing.ClockProbe;
import dev.faultline.harness.testing.DockerRequired;
import dev.faultline.harness.testing.LateCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One three-node cluster for the whole class: remotes, network isolation, capabilities, daemons under libfaketime, teardown. */
@Tag("docker")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DockerClusterTest {
    private DockerClient docker;
    private DockerProvisioner provisioner;
    private Cluster cluster;

    @BeforeAll
    void up() {
        DockerRequired.check();
        docker = DockerEngine.client();
        String image = NodeImage.debootstrap().ensure();
        provisioner = new DockerProvisioner(docker, image, RunIdentity.forThisProcess("test-" + Long.toHexString(new Random().nextLong() & 0xffffffL)));
        cluster = provisioner.provision(3);
    }

    @AfterAll
    void down() {
        if (provisioner == null) return;
        String run = provisioner.run().runId();
        provisioner.close();
        provisioner.close(); // idempotent
        String filter = RunIdentity.LABEL_RUN + "=" + run;
        assertThat(docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(filter)).exec()).isEmpty();
        assertThat(docker.listNetworksCmd().exec()).noneMatch(n -> n.getLabels() != null && run.equals(n.getLabels().get(RunIdentity.LABEL_RUN)));
    }

    @Test
    void nodesAreNamedLabelledAndUnprivileged() {
        assertThat(cluster.names()).containsExactly("n1", "n2", "n3");
        for (Node n : cluster.nodes()) {
            var info = docker.inspectContainerCmd(provisioner.containerName(n.name())).exec();
            assertThat(info.getConfig().getLabels()).containsEntry(RunIdentity.LABEL_RUN, provisioner.run().runId())
                    .containsEntry(RunIdentity.LABEL_PID, Long.toString(ProcessHandle.current().pid()))
                    .containsEntry(RunIdentity.LABEL_HOST, RunIdentity.currentBootId());
            assertThat(info.getHostConfig().getPrivileged()).isFalse();
            // no fault of this run declared NodeRights: NET_ADMIN only, no device (the disk package's FUSE is opt-in)
            assertThat(info.getHostConfig().getCapAdd()).containsExactly(com.github.dockerjava.api.model.Capability.NET_ADMIN);
            assertThat(info.getHostConfig().getDevices()).isNullOrEmpty();
            assertThat(info.getHostConfig().getNetworkMode()).isEqualTo(provisioner.networkName());
            assertThat(n.remote().sh("hostname").orThrow("hostname").stdout().strip()).isEqualTo(n.name());
        }
        assertThat(docker.inspectNetworkCmd().withNetworkId(provisioner.networkName()).exec().getInternal()).isTrue();
    }

    @Test
    void execReportsExitCodeStdoutAndStderr() {
        Remote r = cluster.node("n1").remote();
        ExecResult res = r.sh("echo out; echo err >&2; exit 7");
        assertThat(res.exitCode()).isEqualTo(7);
        assertThat(res.stdout()).isEqualTo("out\n");
        assertThat(res.stderr()).isEqualTo("err\n");
        assertThat(r.exec(List.of("printf", "%s|", "a b", "it's"), Duration.ofSeconds(10)).stdout()).isEqualTo("a b|it's|");
    }

    @Test
    void execTimesOutAndTheCommandDies() {
        Remote r = cluster.node("n1").remote();
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> r.sh("sleep 300 # marker-timeout", Duration.ofSeconds(1)))
                .isInstanceOf(RemoteException.class).hasMessageContaining("timed out");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
        // killed on the node (timeout -s KILL) before exec threw
        assertThat(r.sh("pgrep -f 'marker-[t]imeout'").ok()).isFalse();
    }

    @Test
    void aCommandNeverActsAfterItsTimeout() throws Exception {
        LateCommands.neverActAfterTheirTimeout(cluster.node("n1").remote());
    }

    @Test
    void anInterruptedCallerKillsItsCommandOnTheNode() throws Exception {
        LateCommands.dieWithAnInterruptedCaller(cluster.node("n2").remote());
    }

    @Test
    void uploadAndDownloadKeepBytesAndExecutableBit(@TempDir Path tmp) throws Exception {
        Remote r = cluster.node("n2").remote();
        byte[] data = new byte[300_000];
        new Random(1).nextBytes(data);
        Path local = tmp.resolve("blob.bin");
        Files.write(local, data);
        r.upload(local, "/opt/faultline/deep/new/dir/blob.bin");
        assertThat(r.sh("stat -c %s /opt/faultline/deep/new/dir/blob.bin").stdout().strip()).isEqualTo("300000");
        Path script = tmp.resolve("hello.sh");
        Files.writeString(script, "#!/bin/sh\necho hello from $(hostname)\n");
        assertThat(script.toFile().setExecutable(true)).isTrue();
        r.upload(script, "/opt/faultline/bin/hello.sh");
        assertThat(r.exec(List.of("/opt/faultline/bin/hello.sh"), Duration.ofSeconds(10)).stdout()).isEqualTo("hello from n2\n");
        Path back = tmp.resolve("back/blob.bin");
        r.download("/opt/faultline/deep/new/dir/blob.bin", back);
        assertThat(Files.readAllBytes(back)).isEqualTo(data);
        assertThatThrownBy(() -> r.download("/no/such/file", tmp.resolve("x"))).isInstanceOf(RemoteException.class)
                .hasMessageContaining("/no/such/file");
    }

    @Test
    void peersResolveEachOtherByNodeName() {
        String out = cluster.node("n1").remote().sh("getent hosts n2 n3").orThrow("getent").stdout();
        assertThat(out).contains(cluster.node("n2").address()).contains(cluster.node("n3").address());
    }

    @Test
    void controllerReachesNodeAddresses() throws Exception {
        Node n3 = cluster.node("n3");
        n3.remote().sh("setsid sh -c 'echo hello-controller | nc -l -p 7001 -q 1' > /dev/null 2>&1 < /dev/null &").orThrow("listen");
        String line = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (line == null && System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(n3.address(), 7001), 2000);
                s.setSoTimeout(5000);
                line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
            } catch (java.io.IOException notYet) {
                sleep(200);
            }
        }
        assertThat(line).isEqualTo("hello-controller");
    }

    @Test
    void internalNetworkHasNoRouteOut() {
        Remote r = cluster.node("n1").remote();
        assertThat(r.sh("ip route show default").orThrow("ip route").stdout()).isBlank();
        // A documentation address (TEST-NET-2) outside the cluster: the kernel refuses at once, nothing is sent.
        ExecResult get = r.sh("ip route get 198.51.100.7");
        assertThat(get.ok()).isFalse();
        assertThat(get.stderr()).contains("unreachable");
        assertThat(r.sh("nc -z -w 2 198.51.100.7 80").ok()).isFalse();
    }

    @Test
    void iptablesWorksInsideAndCutsTraffic() {
        Remote n1 = cluster.node("n1").remote();
        Remote n2 = cluster.node("n2").remote();
        String n1Address = cluster.node("n1").address();
        n2.sh("setsid sh -c 'while true; do nc -l -p 7002 -q 0 < /dev/null; done' > /dev/null 2>&1 < /dev/null &").orThrow("listen");
        awaitTrue(() -> n1.sh("nc -z -w 2 n2 7002").ok(), "n1 reaches n2:7002 before the partition");
        n2.sh("iptables -A INPUT -s " + n1Address + " -j DROP").orThrow("iptables");
        try {
            assertThat(n1.sh("nc -z -w 2 n2 7002").ok()).isFalse();
            assertThat(cluster.node("n3").remote().sh("nc -z -w 2 n2 7002").ok()).isTrue();
        } finally {
            n2.sh("iptables -D INPUT -s " + n1Address + " -j DROP").orThrow("iptables -D");
        }
        awaitTrue(() -> n1.sh("nc -z -w 2 n2 7002").ok(), "n1 reaches n2:7002 after healing");
        n2.sh("pkill -f 'nc -l -p 7002'; pkill -f 'while true; do nc'");
    }

    @Test
    void daemonLifecycleAndSignals() {
        Remote r = cluster.node("n3").remote();
        Daemon d = new Daemon(r, Daemon.Spec.of("sleeper", List.of("sleep", "600")));
        long pid = d.start();
        assertThat(d.start()).as("start is idempotent").isEqualTo(pid);
        assertThat(d.isRunning()).isTrue();
        d.pause();
        assertThat(r.sh("grep State /proc/" + pid + "/status").stdout()).contains("stopped");
        d.resume();
        assertThat(r.sh("grep State /proc/" + pid + "/status").stdout()).doesNotContain("stopped");
        d.kill();
        assertThat(d.isRunning()).as("killed process is reaped, not a zombie").isFalse();
        long pid2 = d.start();
        assertThat(pid2).isNotEqualTo(pid);
        d.pause();
        d.stop(Duration.ofSeconds(5));
        assertThat(d.isRunning()).isFalse();
        assertThat(r.sh("cat /var/log/faultline/sleeper.log").stdout()).contains("starting: sleep 600");
        Daemon bad = new Daemon(r, Daemon.Spec.of("bad", List.of("/no/such/program")));
        assertThatThrownBy(bad::start).isInstanceOf(RemoteException.class).hasMessageContaining("exited at once");
    }

    @Test
    void jvmUnderDaemonSeesClockSkewAfterControlFileIsRewritten(@TempDir Path tmp) throws Exception {
        Node node = cluster.node("n2");
        Remote r = node.remote();
        r.upload(ClockProbe.compile(tmp), "/opt/faultline/probe/ClockProbe.class");
        Daemon d = new Daemon(r, Daemon.Spec.of("probe", List.of("java", "-Xmx32m", "-cp", "/opt/faultline/probe", "ClockProbe", "90")));
        Daemon.writeClock(r, "+0");
        d.start();
        try {
            assertThat(r.sh("tr '\\0' '\\n' < /proc/$(cat " + d.pidFile() + ")/environ | grep -E '^(LD_PRELOAD|FAKETIME)' | sort")
                    .stdout()).contains("LD_PRELOAD=" + Daemon.FAKETIME_LIBRARY)
                    .contains("FAKETIME_TIMESTAMP_FILE=" + Daemon.CLOCK_FILE).contains("FAKETIME_FORCE_MONOTONIC_FIX=0")
                    .doesNotContain("FAKETIME=");
            awaitTrue(() -> skewSeconds(r, d) != null && Math.abs(skewSeconds(r, d)) < 60, "probe prints unskewed time");
            Daemon.writeClock(r, "+3600");
            awaitTrue(() -> {
                Long s = skewSeconds(r, d);
                return s != null && s > 3500 && s < 3700;
            }, "probe sees +1 h");
            // Timed waits keep normal timing under the skew: still about five lines a second.
            int before = countLines(r, d);
            sleep(2000);
            int after = countLines(r, d);
            assertThat(after - before).isBetween(3, 30);
            Daemon.writeClock(r, "-2h");
            awaitTrue(() -> {
                Long s = skewSeconds(r, d);
                return s != null && s < -7000 && s > -7400;
            }, "probe sees -2 h");
        } finally {
            Daemon.writeClock(r, "+0");
            d.stop(Duration.ofSeconds(5));
        }
        assertThatThrownBy(() -> Daemon.writeClock(r, "3600")).isInstanceOf(IllegalArgumentException.class);
    }

    private static final Pattern NOW = Pattern.compile("now (\\d+)");

    /** The probe's last printed time minus the node's real time, in seconds. */
    private static Long skewSeconds(Remote r, Daemon d) {
        String out = r.sh("tail -n 1 " + d.logFile() + "; date +%s%3N").stdout();
        String[] lines = out.strip().split("\n");
        if (lines.length < 2) return null;
        Matcher m = NOW.matcher(lines[0]);
        if (!m.find()) return null;
        return (Long.parseLong(m.group(1)) - Long.parseLong(lines[1].strip())) / 1000;
    }

    private static int countLines(Remote r, Daemon d) {
        return Integer.parseInt(r.sh("grep -c '^now ' " + d.logFile() + " || true").stdout().strip());
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) return;
            sleep(250);
        }
        throw new AssertionError("timed out waiting until " + what);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
