package dev.faultline.targets.twopc;

import dev.faultline.checkers.history.Op;
import dev.faultline.harness.control.Cluster;
import dev.faultline.harness.control.Node;
import dev.faultline.harness.spi.TestOptions;
import dev.faultline.targets.jvm.JvmBundle;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How twopc-bank answers become history outcomes, how the bank is laid out on nodes, what is shipped. */
class TwopcAdapterTest {
    private static final Op TRANSFER = Op.invoke(2, "transfer", null, Map.of("from", "a1", "to", "a2", "amount", 3L));
    private static final Op READ = Op.invoke(2, "read", null, null);

    private static TestOptions options(Set<String> unsafe, Map<String, String> params) {
        return new TestOptions("t", "twopc-bank", "bank", List.of(), 3, 5, Duration.ofSeconds(10), Duration.ofSeconds(5), 1, unsafe, params);
    }

    @Test
    void answersBecomeOutcomes() {
        assertThat(BankClient.complete(TRANSFER, 200, "{\"txn\":\"t-1-1\",\"committed\":true}")).satisfies(o -> {
            assertThat(o.isOk()).isTrue();
            assertThat(o.value()).isEqualTo(TRANSFER.value());
        });
        Op read = BankClient.complete(READ, 200, "{\"balances\":{\"a0\":10,\"a1\":7}}");
        assertThat(read.isOk()).isTrue();
        assertThat(read.value()).isEqualTo(Map.of("a0", 10L, "a1", 7L));
        assertThat(BankClient.complete(TRANSFER, 409, "{\"error\":\"insufficient-funds\",\"definite\":true}").isFail()).isTrue();
        assertThat(BankClient.complete(TRANSFER, 503, "{\"error\":\"unavailable\",\"definite\":true}").isFail()).isTrue();
        Op timeout = BankClient.complete(TRANSFER, 504, "{\"error\":\"timeout\",\"definite\":false,\"message\":\"t-1-2: no answer\"}");
        assertThat(timeout.isInfo()).isTrue();
        assertThat(timeout.error()).isEqualTo("timeout: t-1-2: no answer");
        assertThat(BankClient.complete(TRANSFER, 500, "{\"error\":\"internal\",\"definite\":false}").isInfo()).isTrue();
        assertThat(BankClient.complete(TRANSFER, 502, "<html>").isInfo()).isTrue();
        // reads change nothing: an unknown outcome is recorded as fail
        assertThat(BankClient.complete(READ, 504, "{\"error\":\"timeout\",\"definite\":false}").isFail()).isTrue();
        assertThat(BankClient.complete(READ, 200, "{\"balances\":{\"a0\":\"x\"}}").isFail()).isTrue();
    }

    @Test
    void accountsAreDealtRoundRobinAndFlagsGoToTheirRole() {
        TwopcSettings s = TwopcSettings.of(options(Set.of("no-durable-prepare"), Map.of("bank.accounts", "7",
                "twopc-bank.decision-timeout-ms", "900", "twopc-bank.debug-delay-after-prepare-ms", "300")));
        Cluster c = new Cluster(List.of(new Node("n1", "10.0.0.1", null), new Node("n2", "10.0.0.2", null), new Node("n3", "10.0.0.3", null)));
        assertThat(s.accountsOf(c, c.nodes().get(0))).isEqualTo("a0,a3,a6");
        assertThat(s.accountsOf(c, c.nodes().get(2))).isEqualTo("a2,a5");
        assertThat(s.participantPort(c, c.nodes().get(1))).isEqualTo(7202);
        assertThat(s.participantArgs()).containsSubsequence("--decision-timeout-ms", "900").containsSubsequence("--unsafe", "no-durable-prepare");
        assertThat(s.coordinatorArgs()).containsSubsequence("--debug-delay-after-prepare-ms", "300")
                .containsSubsequence("--request-timeout-ms", "2000").doesNotContain("--unsafe", "--decision-timeout-ms");
        TwopcSettings both = TwopcSettings.of(options(Set.of("ack-before-decision", "unilateral-abort"), Map.of()));
        assertThat(both.coordinatorArgs()).containsSubsequence("--unsafe", "ack-before-decision");
        assertThat(both.participantArgs()).containsSubsequence("--unsafe", "unilateral-abort").doesNotContain("ack-before-decision");
        TwopcSettings tooFew = TwopcSettings.of(options(Set.of(), Map.of("bank.accounts", "2")));
        assertThatThrownBy(() -> tooFew.accountsOf(c, c.nodes().get(0))).hasMessageContaining("bank.accounts=2");
        assertThatThrownBy(() -> TwopcSettings.of(options(Set.of("stale-read"), Map.of()))).hasMessageContaining("stale-read");
    }

    @Test
    void theThreePhaseHooksGoToTheirRoleAndTwoPhaseRefusesThePrecommitDelay() {
        Map<String, String> params = Map.of("twopc-bank.debug-delay-before-precommit-ms", "1000", "twopc-bank.query-timeout-ms", "500");
        TwopcSettings s = TwopcSettings.of(options(Set.of(), params), true);
        assertThat(s.coordinatorArgs()).containsSubsequence("--debug-delay-before-precommit-ms", "1000").containsSubsequence("--protocol", "3pc")
                .doesNotContain("--query-timeout-ms");
        assertThat(s.participantArgs()).containsSubsequence("--query-timeout-ms", "500").doesNotContain("--debug-delay-before-precommit-ms");
        assertThatThrownBy(() -> TwopcSettings.of(options(Set.of(), params), false))
                .hasMessageContaining("twopc-bank.debug-delay-before-precommit-ms").hasMessageContaining("threepc-bank only");
    }

    @Test
    void theBundleHoldsTheServer() throws Exception {
        JvmBundle bundle = CommitBankTarget.bundle();
        assertThat(bundle.mainClass()).isEqualTo("dev.faultline.twopc.Main");
        boolean hasMain = false;
        boolean hasHttp = false;
        for (Path jar : bundle.jars()) {
            try (JarFile f = new JarFile(jar.toFile())) {
                hasMain |= f.getEntry("dev/faultline/twopc/Main.class") != null;
                hasHttp |= f.getEntry("dev/faultline/server/http/JsonHttpServer.class") != null;
            }
        }
        assertThat(hasMain).isTrue();
        assertThat(hasHttp).as("the shared HTTP plumbing (servers/http) ships with the server").isTrue();
    }
}
