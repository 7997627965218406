package dev.faultline.targets.raftkv;

import dev.faultline.checkers.history.Op;
import dev.faultline.targets.jvm.JvmBundle;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;

/** How raft-kv answers (docs/protocols.md) become history outcomes; and what gets shipped to nodes. */
class RaftKvClientOutcomeTest {
    private static final Op WRITE = Op.invoke(3, "write", "k1", 4L);
    private static final Op READ = Op.invoke(3, "read", "k1", null);
    private static final Op CAS = Op.invoke(3, "cas", "k1", List.of(1L, 2L));

    @Test
    void twoHundredIsOkAndReadsCarryTheValue() {
        assertThat(RaftKvClient.complete(READ, 200, "{\"key\":\"k1\",\"value\":3}")).satisfies(o -> {
            assertThat(o.isOk()).isTrue();
            assertThat(o.value()).isEqualTo(3L);
            assertThat(o.process()).isEqualTo(3);
        });
        assertThat(RaftKvClient.complete(READ, 200, "{\"key\":\"k1\",\"value\":null}").value()).isNull();
        assertThat(RaftKvClient.complete(WRITE, 200, "{\"key\":\"k1\",\"value\":4}").isOk()).isTrue();
    }

    @Test
    void definiteErrorsFailAndIndefiniteOnesAreInfo() {
        Op mismatch = RaftKvClient.complete(CAS, 409, "{\"error\":\"cas-mismatch\",\"definite\":true,\"current\":3}");
        assertThat(mismatch.isFail()).isTrue();
        assertThat(mismatch.error()).startsWith("cas-mismatch");
        assertThat(RaftKvClient.complete(WRITE, 503, "{\"error\":\"no-leader\",\"definite\":true}").isFail()).isTrue();
        Op timeout = RaftKvClient.complete(WRITE, 504, "{\"error\":\"timeout\",\"definite\":false,\"message\":\"not committed in 5000 ms\"}");
        assertThat(timeout.isInfo()).isTrue();
        assertThat(timeout.error()).isEqualTo("timeout: not committed in 5000 ms");
        assertThat(RaftKvClient.complete(WRITE, 502, "<html>bad gateway</html>").isInfo()).isTrue();
        // a read that may or may not have happened changed nothing: recorded as fail
        assertThat(RaftKvClient.complete(READ, 504, "{\"error\":\"timeout\",\"definite\":false}").isFail()).isTrue();
    }

    @Test
    void transactionsCarryTheirReadsAsLongsAndLostReadOnlyOnesFail() {
        Op txn = Op.invoke(3, "txn", null, List.of(List.of("append", 1L, 5L), java.util.Arrays.asList("r", 2L, null)));
        Op ok = RaftKvClient.complete(txn, 200, "{\"ops\":[[\"append\",1,5],[\"r\",2,[3,4]]]}");
        assertThat(ok.isOk()).isTrue();
        assertThat(ok.value()).isEqualTo(List.of(List.of("append", 1L, 5L), List.of("r", 2L, List.of(3L, 4L))));
        assertThat(RaftKvClient.complete(txn, 504, "{\"error\":\"timeout\",\"definite\":false}").isInfo()).isTrue();
        assertThat(RaftKvClient.complete(txn, 200, "{\"ops\":7}").isInfo()).isTrue();
        Op reads = Op.invoke(3, "txn", null, List.of(java.util.Arrays.asList("r", 2L, null)));
        assertThat(RaftKvClient.complete(reads, 504, "{\"error\":\"timeout\",\"definite\":false}").isFail()).isTrue();
        assertThat(RaftKvClient.complete(txn, 409, "{\"error\":\"type-mismatch\",\"definite\":true}").isFail()).isTrue();
    }

    @Test
    void theBundleHoldsTheServerAndItsLibrariesAsJars() throws Exception {
        JvmBundle bundle = RaftKvTarget.bundle();
        assertThat(bundle.mainClass()).isEqualTo("dev.faultline.raftkv.Main");
        assertThat(bundle.jars()).allSatisfy(j -> assertThat(j.toString()).endsWith(".jar")).hasSizeGreaterThanOrEqualTo(7);
        boolean hasMain = false;
        for (Path jar : bundle.jars()) {
            assertThat(Files.isRegularFile(jar)).isTrue();
            try (JarFile f = new JarFile(jar.toFile())) {
                hasMain |= f.getEntry("dev/faultline/raftkv/Main.class") != null;
            }
        }
        assertThat(hasMain).isTrue();
    }
}
