package dev.faultline.protocol;

import dev.faultline.checkers.history.Op;
import dev.faultline.checkers.history.OpType;
import dev.faultline.harness.control.Cluster;
import dev.faultline.harness.control.Node;
import dev.faultline.harness.run.RunContext;
import dev.faultline.harness.spi.TestContext;
import dev.faultline.harness.spi.TestOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The process client against real child processes (python3 scripts and sh). */
class ProcessClientTest {
    @TempDir
    Path runDir;

    private final List<ProcessClient> open = new ArrayList<>();

    static Path script(String name) throws Exception {
        return Path.of(ProcessClientTest.class.getResource("/" + name).toURI());
    }

    TestContext ctx() {
        Node n1 = new Node("n1", "127.0.0.1", null);
        Node n2 = new Node("n2", "127.0.0.2", null);
        TestOptions o = new TestOptions("t", "custom", "register", List.of(), 2, 1, Duration.ofSeconds(1), Duration.ofSeconds(1),
                1, Set.of(), Map.of("kv.port", "9999"));
        return new RunContext(o, new Cluster(List.of(n1, n2)), null, runDir, System.nanoTime(), Duration.ofSeconds(10));
    }

    ProcessClient client(Map<String, String> env, ProtocolSettings settings) throws Exception {
        var factory = new ProcessClientFactory(List.of("python3", script("scripted_client.py").toString()), env, null, "register", settings);
        TestContext c = ctx();
        ProcessClient client = (ProcessClient) factory.open(c, c.cluster().nodes().get(0));
        open.add(client);
        return client;
    }

    ProcessClient client() throws Exception {
        return client(Map.of(), ProtocolSettings.defaults().withOpTimeout(Duration.ofMillis(1500)));
    }

    @AfterEach
    void closeClients() {
        open.forEach(ProcessClient::close);
    }

    static Op op(int process, String f, String key, Object value) {
        return Op.invoke(process, f, key, value);
    }

    Op invoke(ProcessClient c, String f, Object value) throws Exception {
        return c.invoke(ctx(), op(4, f, "k1", value));
    }

    @Test
    void framesOpsAndRepliesAsJsonLines() throws Exception {
        ProcessClient c = client();
        Op cas = invoke(c, "echo", List.of(1L, 2L));
        assertThat(cas.type()).isEqualTo(OpType.OK);
        assertThat(cas.value()).isEqualTo(List.of(1L, 2L));
        assertThat(cas.key()).isEqualTo("k1");
        assertThat(invoke(c, "echo", Map.of("from", "a1", "amount", 3L)).value()).isEqualTo(Map.of("from", "a1", "amount", 3L));
        assertThat(invoke(c, "novalue", 5L).value()).as("an ok without value keeps the invocation's").isEqualTo(5L);
        Op fail = invoke(c, "fail", 5L);
        assertThat(fail.type()).isEqualTo(OpType.FAIL);
        assertThat(fail.error()).isEqualTo("because k1");
        assertThat(fail.value()).isEqualTo(5L);
        Op info = invoke(c, "info", null);
        assertThat(info.type()).isEqualTo(OpType.INFO);
        assertThat(info.error()).isEqualTo("because k1");
    }

    @Test
    void initTellsTheClientItsNodeTheClusterTheWorkloadAndTheParams() throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> init = (Map<String, Object>) invoke(client(), "init", null).value();
        assertThat(init).containsEntry("type", "init").containsEntry("protocol", 1L).containsEntry("node", "n1")
                .containsEntry("address", "127.0.0.1").containsEntry("workload", "register").containsEntry("process", 4L)
                .containsEntry("op_timeout_ms", 1500L).containsEntry("params", Map.of("kv.port", "9999"));
        assertThat(init.get("nodes")).isEqualTo(List.of(Map.of("name", "n1", "address", "127.0.0.1"),
                Map.of("name", "n2", "address", "127.0.0.2")));
    }

    @Test
    void oneProcessServesEveryOpUntilSomethingGoesWrong() throws Exception {
        ProcessClient c = client();
        Object pid = invoke(c, "pid", null).value();
        for (int i = 0; i < 20; i++) assertThat(invoke(c, "echo", (long) i).value()).isEqualTo((long) i);
        assertThat(invoke(c, "pid", null).value()).isEqualTo(pid);
    }

    @Test
    void aReplyPastTheOpTimeoutIsInfoAndTheHungProcessIsKilledAndReplaced() throws Exception {
        ProcessClient c = client(Map.of(), ProtocolSettings.defaults().withOpTimeout(Duration.ofMillis(300)));
        long pid = (Long) invoke(c, "pid", null).value();
        long t0 = System.nanoTime();
        Op hung = invoke(c, "hang", null);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
        assertThat(hung.type()).isEqualTo(OpType.INFO);
        assertThat(hung.error()).startsWith("timeout: no reply within 300 ms");
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("hung process killed").isFalse();
        Op slow = invoke(c, "slow", 600L);
        assertThat(slow.type()).as("a reply after the deadline does not count").isEqualTo(OpType.INFO);
        long fresh = (Long) invoke(c, "pid", null).value();
        assertThat(fresh).isNotEqualTo(pid);
    }

    @Test
    void aCrashWithAnOpInFlightIsInfoAndTheNextOpRunsOnAFreshProcess() throws Exception {
        ProcessClient c = client();
        long pid = (Long) invoke(c, "pid", null).value();
        Op crashed = invoke(c, "crash", 9L);
        assertThat(crashed.type()).isEqualTo(OpType.INFO);
        assertThat(crashed.error()).isEqualTo("crashed: client process exited with code 3 with the op in flight");
        assertThat(crashed.value()).isEqualTo(9L);
        assertThat((Long) invoke(c, "pid", null).value()).isNotEqualTo(pid);
    }

    @Test
    void aMalformedLineIsInfoNamingTheLine() throws Exception {
        ProcessClient c = client();
        invoke(c, "echo", 1L);
        Op bad = invoke(c, "garbage", null);
        assertThat(bad.type()).isEqualTo(OpType.INFO);
        // line 1 is init_ok, line 2 the echo's reply
        assertThat(bad.error()).startsWith("protocol: stdout line 3: not JSON");
        assertThat(invoke(c, "echo", 2L).type()).isEqualTo(OpType.OK);
    }

    @Test
    void aReplyWithAnotherIdIsInfo() throws Exception {
        Op wrong = invoke(client(), "wrongid", null);
        assertThat(wrong.type()).isEqualTo(OpType.INFO);
        assertThat(wrong.error()).isEqualTo("protocol: stdout line 2: reply for id 101, but the op in flight has id 1");
    }

    @Test
    void strayOutputBetweenOpsReplacesTheProcessBeforeTheNextOpIsSent() throws Exception {
        ProcessClient c = client();
        long pid = (Long) invoke(c, "pid", null).value();
        assertThat(invoke(c, "stray", null).type()).isEqualTo(OpType.OK);
        Thread.sleep(200); // let the stray line arrive
        Op next = invoke(c, "pid", null);
        assertThat(next.type()).as("the op was not sent to the untrustworthy process").isEqualTo(OpType.OK);
        assertThat((Long) next.value()).isNotEqualTo(pid);
    }

    @Test
    void aProcessThatDiedBetweenOpsIsReplacedBeforeTheOpIsSent() throws Exception {
        ProcessClient c = client();
        long pid = (Long) invoke(c, "pid", null).value();
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        Thread.sleep(200);
        Op next = invoke(c, "pid", null);
        assertThat(next.type()).isEqualTo(OpType.OK);
        assertThat((Long) next.value()).isNotEqualTo(pid);
    }

    @Test
    void aClientThatCannotStartFailsTheOpWhichWasNeverSent() throws Exception {
        Op refused = invoke(client(Map.of("SCRIPTED_INIT", "fail"), ProtocolSettings.defaults()), "echo", 1L);
        assertThat(refused.type()).isEqualTo(OpType.FAIL);
        assertThat(refused.error()).isEqualTo("no-client: init_failed: cannot reach 127.0.0.1");

        Op garbage = invoke(client(Map.of("SCRIPTED_INIT", "garbage"), ProtocolSettings.defaults()), "echo", 1L);
        assertThat(garbage.type()).isEqualTo(OpType.FAIL);
        assertThat(garbage.error()).startsWith("no-client: stdout line 1: not JSON");

        Op exited = invoke(client(Map.of("SCRIPTED_INIT", "exit"), ProtocolSettings.defaults()), "echo", 1L);
        assertThat(exited.error()).startsWith("no-client: the client exited (code 7) before answering init");

        Op hung = invoke(client(Map.of("SCRIPTED_INIT", "hang"), ProtocolSettings.defaults().withStartTimeout(Duration.ofMillis(300))),
                "echo", 1L);
        assertThat(hung.error()).isEqualTo("no-client: no init_ok within 300 ms");

        var missing = new ProcessClientFactory(List.of("/nonexistent/client"), Map.of(), null, "register", ProtocolSettings.defaults());
        Op none = missing.open(ctx(), ctx().cluster().nodes().get(0)).invoke(ctx(), op(0, "read", "k1", null));
        assertThat(none.type()).isEqualTo(OpType.FAIL);
        assertThat(none.error()).startsWith("no-client: cannot start [/nonexistent/client]");
    }

    @Test
    void stderrGoesToTheRunDirectoryPerProcess() throws Exception {
        ProcessClient c = client();
        invoke(c, "stderr", "something went sideways");
        c.close();
        assertThat(Files.readString(runDir.resolve("clients/4.stderr.log"))).contains("something went sideways");
    }

    @Test
    void closeEndsStdinAndKillsAClientThatIgnoresIt() throws Exception {
        ProcessClient polite = client();
        long p1 = (Long) invoke(polite, "pid", null).value();
        ProcessClient stubborn = client(Map.of("SCRIPTED_IGNORE_EOF", "1"),
                new ProtocolSettings(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMillis(200), 1 << 20));
        long p2 = (Long) invoke(stubborn, "pid", null).value();
        polite.close();
        long t0 = System.nanoTime();
        stubborn.close();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(ProcessHandle.of(p1).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(ProcessHandle.of(p2).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void anInterruptedWaitKillsTheProcessAndPropagates() throws Exception {
        ProcessClient c = client(Map.of(), ProtocolSettings.defaults().withOpTimeout(Duration.ofSeconds(30)));
        long pid = (Long) invoke(c, "pid", null).value();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                invoke(c, "hang", null);
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        t.start();
        Thread.sleep(300);
        t.interrupt();
        t.join(5000);
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void aShellClientAndItsChildrenAreKilledOnAHang() throws Exception {
        // sh answers init, then runs a child that never returns: the op times out and both go.
        String sh = "read init; echo '{\"type\":\"init_ok\"}'; read op; sleep 3600; echo never";
        var factory = new ProcessClientFactory(List.of("sh", "-c", sh), Map.of(), null, "register",
                ProtocolSettings.defaults().withOpTimeout(Duration.ofMillis(300)));
        ProcessClient c = (ProcessClient) factory.open(ctx(), ctx().cluster().nodes().get(0));
        open.add(c);
        Op hung = c.invoke(ctx(), op(0, "read", "k1", null));
        assertThat(hung.type()).isEqualTo(OpType.INFO);
        Thread.sleep(100);
        assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").equals("sleep 3600"))
                .filter(p -> p.parent().isEmpty() || p.parent().get().pid() == ProcessHandle.current().pid()))
                .as("no orphaned sleep of ours").isEmpty();
    }

    @Test
    void commandStringsSplitLikeAShellWithoutOne() {
        assertThat(ProtocolClients.parseCommand("python3 my_client.py --x 1")).containsExactly("python3", "my_client.py", "--x", "1");
        assertThat(ProtocolClients.parseCommand("  sh -c 'read a; echo \"$a\"' ")).containsExactly("sh", "-c", "read a; echo \"$a\"");
        assertThat(ProtocolClients.parseCommand("a\\ b \"c \\\"d\\\"\" ''")).containsExactly("a b", "c \"d\"", "");
        assertThatThrownBy(() -> ProtocolClients.parseCommand("python3 'x")).hasMessageContaining("unclosed ' quote");
        assertThatThrownBy(() -> ProtocolClients.parseCommand("   ")).hasMessageContaining("empty");
    }
}
