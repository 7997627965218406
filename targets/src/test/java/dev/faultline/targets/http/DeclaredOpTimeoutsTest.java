package dev.faultline.targets.http;

import dev.faultline.harness.spi.ClientOpTimeout;
import dev.faultline.harness.spi.TestOptions;
import dev.faultline.targets.etcd.EtcdTarget;
import dev.faultline.targets.lock.LockTarget;
import dev.faultline.targets.paxos.PaxosTarget;
import dev.faultline.targets.raftkv.RaftKvTarget;
import dev.faultline.targets.twopc.TwopcTarget;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The built-in targets declare their client's request timeout (plus its connects) to the runner. */
class DeclaredOpTimeoutsTest {
    private static TestOptions options(String target, int nodes, Map<String, String> params) {
        return new TestOptions("t", target, "register", List.of(), nodes, 1, Duration.ofSeconds(1), Duration.ofSeconds(1), 1, Set.of(), params);
    }

    @Test
    void aClientTimeoutParamRaisesTheDeclaration() {
        assertThat(new EtcdTarget().clientOpTimeout(options("etcd", 3, Map.of("etcd.client-timeout-ms", "30000"))))
                .as("one connect, then the request").isEqualTo(Duration.ofSeconds(31));
        assertThat(new EtcdTarget().clientOpTimeout(options("etcd", 3, Map.of()))).isEqualTo(Duration.ofSeconds(3));
        assertThat(new PaxosTarget().clientOpTimeout(options("paxos", 3, Map.of())))
                .as("a connect timeout moves on to the next node: 3 x 1 s, then 5 s").isEqualTo(Duration.ofSeconds(8));
        assertThat(new RaftKvTarget().clientOpTimeout(options("raft-kv", 5, Map.of("raft-kv.client-timeout-ms", "20000"))))
                .isEqualTo(Duration.ofSeconds(25));
        assertThat(new LockTarget().clientOpTimeout(options("lock", 3, Map.of("lock-service.client-timeout-ms", "400"))))
                .as("a connect timeout is at most the request's").isEqualTo(Duration.ofMillis(800));
        ClientOpTimeout twopc = new TwopcTarget();
        assertThat(twopc.clientOpTimeout(options("twopc-bank", 3, Map.of("twopc-bank.client-timeout-ms", "12000"))))
                .isEqualTo(Duration.ofSeconds(13));
    }

    @Test
    void aBadParamIsNamed() {
        assertThatThrownBy(() -> new EtcdTarget().clientOpTimeout(options("etcd", 3, Map.of("etcd.client-timeout-ms", "slow"))))
                .hasMessageContaining("--param etcd.client-timeout-ms=slow");
    }
}
