package dev.faultline.nemesis.it;

import dev.faultline.checkers.history.Op;
import dev.faultline.harness.control.Cluster;
import dev.faultline.harness.control.ExecResult;
import dev.faultline.harness.control.Node;
import dev.faultline.harness.control.Remote;
import dev.faultline.harness.run.FencedNemesis;
import dev.faultline.harness.spi.Db;
import dev.faultline.harness.spi.TestContext;
import dev.faultline.harness.spi.TestOptions;
import dev.faultline.nemesis.clock.ClockFile;
import dev.faultline.nemesis.clock.ClockNemesis;
import dev.faultline.nemesis.clock.ClockScripts;
import dev.faultline.nemesis.packet.PacketNemesis;
import dev.faultline.nemesis.partition.PartitionNemesis;
import dev.faultline.nemesis.process.ProcessNemesis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user's nodes with their own firewall and traffic control: INPUT policy DROP with accept rules
 * (SSH, the probe's port, loopback, established), a custom chain, an OUTPUT rule and a root
 * {@code tbf} qdisc. Every fault and every heal path (stop op, heal, setup reset of a leftover)
 * must keep them byte for byte ({@code iptables-save} and {@code tc qdisc show} before and after),
 * and a fault op that hangs past its timeout must not land after the final heal.
 */
@Tag("docker")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostRulesDockerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String ADMIN_RULES = """
            set -e
            iptables -w -N ADMIN-IN
            iptables -w -A ADMIN-IN -p tcp --dport 9 -j REJECT
            iptables -w -A INPUT -i lo -j ACCEPT
            iptables -w -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
            iptables -w -A INPUT -p tcp --dport 22 -j ACCEPT
            iptables -w -A INPUT -p tcp --dport 7000 -j ACCEPT
            iptables -w -A INPUT -j ADMIN-IN
            iptables -w -A OUTPUT -p tcp --dport 9 -j REJECT
            iptables -w -P INPUT DROP
            tc qdisc add dev eth0 root handle 1: tbf rate 1gbit burst 32k latency 50ms
            """;

    private DockerCluster c;
    private final Map<String, String> baseline = new LinkedHashMap<>();

    @BeforeAll
    void up() throws Exception {
        c = DockerCluster.start(3);
        for (Node n : c.cluster().nodes()) {
            n.remote().sh(ADMIN_RULES).orThrow("admin rules on " + n.name());
            baseline.put(n.name(), state(n));
        }
        assertThat(baseline.get("n1")).contains(":INPUT DROP", ":ADMIN-IN", "-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT", "qdisc tbf 1: dev eth0 root");
        assertThat(reachability()).allSatisfy((pair, ok) -> assertThat(ok).as(pair).isTrue());
    }

    @AfterAll
    void down() {
        if (c != null) c.close();
    }

    /** The node's whole firewall (every table, counters zeroed) and its qdiscs. */
    private static String state(Node n) {
        String rules = n.remote().sh("iptables-save").orThrow("iptables-save").stdout()
                .lines().filter(l -> !l.startsWith("#")).map(l -> l.replaceAll("\\[\\d+:\\d+\\]", "[0:0]"))
                .reduce("", (a, b) -> a + b + "\n");
        return rules + "--\n" + n.remote().sh("tc qdisc show").orThrow("tc").stdout();
    }

    /** The node's state without the lines of our own chains and jumps: what must never change. */
    private static String withoutOurs(String state) {
        return state.lines().filter(l -> !l.contains("FAULTLINE")).reduce("", (a, b) -> a + b + "\n");
    }

    private void assertUntouched(String when) {
        for (Node n : c.cluster().nodes()) {
            assertThat(state(n)).as(n.name() + " " + when).isEqualTo(baseline.get(n.name()));
        }
    }

    private void assertOnlyOursAdded(String when) {
        for (Node n : c.cluster().nodes()) {
            assertThat(withoutOurs(state(n))).as(n.name() + " " + when).isEqualTo(baseline.get(n.name()));
        }
    }

    private static Op inv(String f, Object value) {
        return Op.invoke(Op.NEMESIS, f, null, value);
    }

    private Node node(String name) {
        return c.cluster().node(name);
    }

    private Map<String, Boolean> reachability() {
        Map<String, Boolean> out = new LinkedHashMap<>();
        for (String a : c.cluster().names()) {
            for (String b : c.cluster().names()) {
                if (a.equals(b)) continue;
                Node f = node(a);
                String ip = f.remote().sh("getent ahostsv4 " + b + " | awk 'NR==1{print $1}'").orThrow("resolve").stdout().strip();
                out.put(a + "->" + b, f.remote().sh("nc -z -w 2 " + ip + " 7000").ok());
            }
        }
        return out;
    }

    @Test
    void partitionStopHealAndSetupKeepTheAdminsRules() throws Exception {
        PartitionNemesis p = new PartitionNemesis(1, TIMEOUT);
        p.setup(c);
        assertUntouched("after setup on clean nodes");

        Op start = p.invoke(c, inv("start-partition", "n1|n2,n3"));
        assertThat(start.error()).isNull();
        assertOnlyOursAdded("during a partition");
        assertThat(reachability()).containsEntry("n2->n1", false).containsEntry("n2->n3", true);
        assertThat(p.invoke(c, inv("stop-partition", null)).error()).isNull();
        assertUntouched("after stop-partition");

        assertThat(p.invoke(c, inv("start-partition", "majorities-ring")).error()).isNull();
        p.heal(c);
        p.heal(c);
        assertUntouched("after heal");

        // a run killed mid-partition: the next run's nemesis clears it at setup
        assertThat(p.invoke(c, inv("start-partition", "n1|n2,n3")).error()).isNull();
        new PartitionNemesis(2, TIMEOUT).setup(c);
        assertUntouched("after setup with a leftover partition");
        assertThat(reachability()).allSatisfy((pair, ok) -> assertThat(ok).as(pair).isTrue());
    }

    @Test
    void packetLossStopHealAndSetupKeepTheAdminsRulesAndQdisc() throws Exception {
        PacketNemesis p = new PacketNemesis(1, TIMEOUT);
        p.setup(c);
        assertUntouched("after setup on clean nodes");
        Map<String, Object> loss = Map.of("targets", "n1", "to", "n2", "netem", Map.of("loss-pct", 50.0));

        Op start = p.invoke(c, inv("start-packet", loss));
        assertThat(start.error()).isNull();
        @SuppressWarnings("unchecked") Map<String, Object> v = ((Map<String, Map<String, Object>>) start.value()).get("n1");
        // eth0 carries the admin's tbf: never replaced, so loss goes through our iptables chain
        assertThat(v).containsEntry("via", "iptables statistic (the node's own root qdisc is left alone)");
        assertOnlyOursAdded("during packet loss");
        assertThat(p.invoke(c, inv("stop-packet", null)).error()).isNull();
        assertUntouched("after stop-packet");

        assertThat(p.invoke(c, inv("start-packet", loss)).error()).isNull();
        p.heal(c);
        p.heal(c);
        assertUntouched("after heal");

        assertThat(p.invoke(c, inv("start-packet", loss)).error()).isNull();
        new PacketNemesis(2, TIMEOUT).setup(c);
        assertUntouched("after setup with leftover packet loss");

        // a delay needs netem under our root qdisc, which would replace the admin's: refused, nothing changed
        Op delay = p.invoke(c, inv("start-packet", Map.of("targets", "n1", "netem", Map.of("delay-ms", 100L))));
        assertThat(delay.value()).isEqualTo(Map.of());
        assertThat(delay.error()).startsWith("n1: ").contains("eth0 has a root qdisc that Faultline did not install (tbf 1:)");
        assertUntouched("after a refused delay");
    }

    @Test
    void onlyARootQdiscWithOurHandleIsRemoved() throws Exception {
        // this kernel has no prio qdisc, so stand in for our leftover with a tbf carrying our handle, on lo
        Node n1 = node("n1");
        n1.remote().sh("tc qdisc add dev lo root handle fa17: tbf rate 1gbit burst 32k latency 50ms").orThrow("our leftover");
        assertThat(state(n1)).contains("qdisc tbf fa17: dev lo root");
        new PacketNemesis(3, TIMEOUT).setup(c);
        assertUntouched("after setup removed our leftover qdisc");

        n1.remote().sh("tc qdisc add dev lo root handle fa17: tbf rate 1gbit burst 32k latency 50ms").orThrow("our leftover");
        new PacketNemesis(3, TIMEOUT).heal(c);
        assertUntouched("after heal removed our leftover qdisc");
    }

    @Test
    void clockKillAndPauseFaultsAndTheirResetsKeepTheAdminsRules() throws Exception {
        ClockNemesis clock = new ClockNemesis(new ClockFile(ClockFile.DEFAULT_PATH), 1, TIMEOUT);
        ProcessNemesis kill = ProcessNemesis.kill(1, TIMEOUT);
        ProcessNemesis pause = ProcessNemesis.pause(1, TIMEOUT);
        clock.setup(c);
        kill.setup(c);
        pause.setup(c);
        assertUntouched("after setup");
        List<Op> ops = List.of(
                clock.invoke(c, inv("bump-clock", Map.of("targets", "all", "delta-ms", 5_000L))),
                clock.invoke(c, inv("strobe-clock", Map.of("targets", "n2", "delta-ms", 1000L, "period-ms", 200L, "duration-ms", 600L))),
                clock.invoke(c, inv("reset-clock", null)),
                kill.invoke(c, inv("kill", "n3")),
                kill.invoke(c, inv("start", null)),
                pause.invoke(c, inv("pause", "n1")),
                pause.invoke(c, inv("resume", null)));
        for (Op op : ops) assertThat(op.error()).as(op.f()).isNull();
        assertUntouched("after clock, kill and pause faults and their recoveries");

        // leftovers of a killed run: an offset, a strobe still flipping the file, a killed and a paused target
        String file = ClockFile.DEFAULT_PATH;
        node("n1").remote().sh("printf '+7.000\\n' > " + file).orThrow("leftover offset");
        node("n2").remote().sh("setsid sh -c " + dev.faultline.harness.control.Shell.quote(ClockScripts.strobe(file, 9000, Duration.ofMillis(100),
                Duration.ofSeconds(120))) + " >/dev/null 2>&1 < /dev/null &").orThrow("leftover strobe");
        Thread.sleep(500);
        assertThat(node("n2").remote().sh("cat " + file).stdout().strip()).isIn("+9", "+0");
        assertThat(kill.invoke(c, inv("kill", "n3")).error()).isNull();
        assertThat(pause.invoke(c, inv("pause", "n1")).error()).isNull();

        new ClockNemesis(new ClockFile(file), 2, TIMEOUT).setup(c);
        Thread.sleep(500);
        for (Node n : c.cluster().nodes()) {
            assertThat(n.remote().sh("cat " + file).stdout()).as(n.name()).isEqualTo("+0\n");
            assertThat(n.remote().sh("ls " + Path.of(file).getParent() + " | grep -c tmp || true").stdout().strip()).isEqualTo("0");
        }
        assertThat(node("n2").remote().sh("for p in /proc/[0-9]*; do tr '\\0' '\\n' 2>/dev/null < $p/cmdline | grep -qx '# [f]aultline-strobe:" + file
                + "' && echo $p; done; true").stdout()).as("strobe processes").isBlank();
        ProcessNemesis.kill(2, TIMEOUT).heal(c);
        ProcessNemesis.pause(2, TIMEOUT).heal(c);
        for (Node n : c.cluster().nodes()) {
            assertThat(ProbeDb.daemon(n).isRunning()).as(n.name() + " running").isTrue();
            assertThat(n.remote().sh("ps -o stat= -p " + ProbeDb.daemon(n).pid().orElseThrow()).stdout().strip()).as(n.name()).matches("[SR].*");
        }
        assertUntouched("after the leftovers were reset");
    }

    /** The cluster as seen through remotes that hold the partition's DROP script back on the node for {@code delay}. */
    private TestContext withSlowPartitionScripts(String delay) {
        List<Node> slowed = c.cluster().nodes().stream()
                .map(n -> new Node(n.name(), n.address(), new SlowDrops(n.remote(), delay))).toList();
        Cluster slow = new Cluster(slowed);
        return new TestContext() {
            public TestOptions options() {
                return c.options();
            }

            public Cluster cluster() {
                return slow;
            }

            public Db db() {
                return c.db();
            }

            public Path runDir() {
                return c.runDir();
            }

            public long nanoTime() {
                return c.nanoTime();
            }

            public Duration clientTimeout() {
                return c.clientTimeout();
            }
        };
    }

    @Test
    void anAbandonedPartitionOpCannotLandAfterTheFinalHeal() throws Exception {
        // the interpreter gives up on the op and interrupts its thread while the DROP rules are on their way
        FencedNemesis fenced = new FencedNemesis(new PartitionNemesis(1, TIMEOUT));
        TestContext slow = withSlowPartitionScripts("3");
        AtomicReference<Op> abandoned = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                abandoned.set(fenced.invoke(slow, inv("start-partition", "n1|n2,n3")));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        worker.start();
        Thread.sleep(700);
        worker.interrupt();
        long t0 = System.nanoTime();
        fenced.closeAndHeal(c, Duration.ofSeconds(60));
        System.out.printf("closeAndHeal after an abandoned partition op: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        assertThat(fenced.invoke(c, inv("start-partition", "n1|n2,n3")).error()).isEqualTo(FencedNemesis.REFUSED);
        worker.join(10_000);
        assertThat(abandoned.get().error()).contains("interrupted");
        Thread.sleep(5_000); // past the moment the held-back rules would have landed
        assertUntouched("5 s after the final heal");
        assertThat(reachability()).allSatisfy((pair, ok) -> assertThat(ok).as(pair).isTrue());
    }

    @Test
    void aPartitionCommandHangingPastItsTimeoutCannotLandAfterTheFinalHeal() throws Exception {
        FencedNemesis fenced = new FencedNemesis(new PartitionNemesis(1, Duration.ofSeconds(1)));
        Op op = fenced.invoke(withSlowPartitionScripts("1.5"), inv("start-partition", "n1|n2,n3"));
        assertThat(op.error()).contains("timed out");
        fenced.closeAndHeal(c, Duration.ofSeconds(60));
        Thread.sleep(3_000);
        assertUntouched("3 s after the final heal");
    }

    /** Delays, on the node, every script that adds partition DROP rules. */
    private record SlowDrops(Remote inner, String delay) implements Remote {
        @Override
        public ExecResult exec(List<String> argv, Duration timeout) {
            if (argv.size() == 3 && argv.get(0).equals("sh") && argv.get(2).contains("-j DROP") && argv.get(2).contains("FAULTLINE")) {
                return inner.exec(List.of("sh", "-c", "sleep " + delay + "\n" + argv.get(2)), timeout);
            }
            return inner.exec(argv, timeout);
        }

        @Override
        public void upload(Path local, String remotePath) {
            inner.upload(local, remotePath);
        }

        @Override
        public void download(String remotePath, Path local) {
            inner.download(remotePath, local);
        }

        @Override
        public String describe() {
            return inner.describe();
        }

        @Override
        public void close() {
        }
    }
}
