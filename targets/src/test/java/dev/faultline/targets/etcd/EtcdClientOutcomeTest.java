package dev.faultline.targets.etcd;

import dev.faultline.checkers.history.Op;
import dev.faultline.harness.spi.TestOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How etcd 3.4's JSON gateway answers become history outcomes (bodies as etcd 3.4.23 sends them). */
class EtcdClientOutcomeTest {
    private static final Op WRITE = Op.invoke(3, "write", "k1", 4L);
    private static final Op READ = Op.invoke(3, "read", "k1", null);
    private static final Op CAS = Op.invoke(3, "cas", "k1", List.of(1L, 2L));
    private static final String HEADER = "\"header\":{\"cluster_id\":\"14841639068965178418\",\"member_id\":\"10276657743932975437\","
            + "\"revision\":\"7\",\"raft_term\":\"2\"}";

    /** Shaped as etcd 3.4's gateway answers a txn without compares (proto3 JSON: empty range responses carry only the header). */
    @Test
    void rwRegisterTransactionsFillInReadsInMicroOpOrder() {
        Op txn = Op.invoke(3, "txn", null, List.of(java.util.Arrays.asList("r", 1L, null), List.of("w", 1L, 5L),
                java.util.Arrays.asList("r", 2L, null)));
        Op ok = EtcdClient.complete(txn, 200, "{" + HEADER + ",\"succeeded\":true,\"responses\":["
                + "{\"response_range\":{\"header\":{},\"kvs\":[{\"key\":\"MQ==\",\"value\":\"NA==\"}],\"count\":\"1\"}},"
                + "{\"response_put\":{\"header\":{}}},"
                + "{\"response_range\":{\"header\":{}}}]}");
        assertThat(ok.isOk()).isTrue();
        assertThat(ok.value()).isEqualTo(List.of(List.of("r", 1L, 4L), List.of("w", 1L, 5L), java.util.Arrays.asList("r", 2L, null)));
        assertThat(EtcdClient.complete(txn, 200, "{" + HEADER + ",\"responses\":[]}").isInfo()).isTrue();
        assertThat(EtcdClient.complete(txn, 503, "{\"error\":\"etcdserver: request timed out\",\"code\":14}").isInfo()).isTrue();
        Op reads = Op.invoke(3, "txn", null, List.of(java.util.Arrays.asList("r", 1L, null)));
        assertThat(EtcdClient.complete(reads, 503, "{\"error\":\"etcdserver: request timed out\",\"code\":14}").isFail()).isTrue();
        assertThat(EtcdClient.complete(txn, 400, "{\"error\":\"etcdserver: duplicate key given in txn request\",\"code\":3}").isFail()).isTrue();
    }

    @Test
    void readsDecodeBase64ValuesToLongsAndMissingKeysToNull() {
        Op ok = EtcdClient.complete(READ, 200, "{" + HEADER + ",\"kvs\":[{\"key\":\"azE=\",\"create_revision\":\"5\","
                + "\"mod_revision\":\"7\",\"version\":\"3\",\"value\":\"Mw==\"}],\"count\":\"1\"}");
        assertThat(ok.isOk()).isTrue();
        assertThat(ok.value()).isEqualTo(3L);
        assertThat(EtcdClient.complete(READ, 200, "{" + HEADER + "}").value()).isNull();
        assertThat(EtcdClient.complete(READ, 200, "{" + HEADER + "}").isOk()).isTrue();
    }

    @Test
    void writesAreOkAndCasFollowsSucceeded() {
        assertThat(EtcdClient.complete(WRITE, 200, "{" + HEADER + "}").isOk()).isTrue();
        Op cas = EtcdClient.complete(CAS, 200, "{" + HEADER + ",\"succeeded\":true,\"responses\":[{\"response_put\":{" + HEADER + "}}]}");
        assertThat(cas.isOk()).isTrue();
        assertThat(cas.value()).isEqualTo(List.of(1L, 2L));
        // proto3 JSON omits "succeeded": false
        Op mismatch = EtcdClient.complete(CAS, 200, "{" + HEADER + ",\"responses\":[{\"response_range\":{" + HEADER + "}}]}");
        assertThat(mismatch.isFail()).isTrue();
        assertThat(mismatch.error()).isEqualTo("cas-mismatch");
    }

    @Test
    void indeterminateErrorsAreInfoForWritesAndFailForReads() {
        String timedOut = "{\"error\":\"etcdserver: request timed out\",\"message\":\"etcdserver: request timed out\",\"code\":14}";
        Op w = EtcdClient.complete(WRITE, 503, timedOut);
        assertThat(w.isInfo()).isTrue();
        assertThat(w.error()).isEqualTo("http-503 grpc-14: etcdserver: request timed out");
        assertThat(EtcdClient.complete(CAS, 500, "{\"error\":\"etcdserver: leader changed\",\"code\":2}").isInfo()).isTrue();
        assertThat(EtcdClient.complete(READ, 503, timedOut).isFail()).isTrue();
        assertThat(EtcdClient.complete(WRITE, 502, "<html>bad gateway</html>").isInfo()).isTrue();
    }

    @Test
    void errorsRaisedBeforeProposingAreFail() {
        assertThat(EtcdClient.complete(WRITE, 429, "{\"error\":\"etcdserver: too many requests\",\"code\":8}").isFail()).isTrue();
        assertThat(EtcdClient.complete(WRITE, 400, "{\"error\":\"etcdserver: key is not provided\",\"code\":3}").isFail()).isTrue();
    }

    @Test
    void settingsValidateParams() {
        assertThat(EtcdSettings.of(options(Map.of())).serializable()).isFalse();
        EtcdSettings s = EtcdSettings.of(options(Map.of("etcd.serializable", "true", "etcd.client-timeout-ms", "500")));
        assertThat(s.serializable()).isTrue();
        assertThat(s.clientTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThatThrownBy(() -> EtcdSettings.of(options(Map.of("etcd.serializable", "yes"))))
                .hasMessageContaining("etcd.serializable=yes");
        assertThatThrownBy(() -> EtcdSettings.of(options(Map.of("etcd.client-port", "70000"))))
                .hasMessageContaining("etcd.client-port=70000");
    }

    private static TestOptions options(Map<String, String> params) {
        return new TestOptions("t", "etcd", "register", List.of(), 3, 3, Duration.ofSeconds(1), Duration.ofSeconds(1), 1, Set.of(), params);
    }
}
