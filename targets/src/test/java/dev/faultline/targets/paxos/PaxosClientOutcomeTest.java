package dev.faultline.targets.paxos;

import dev.faultline.checkers.history.Op;
import dev.faultline.targets.jvm.JvmBundle;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;

/** How the paxos server answers (docs/protocols.md) become history outcomes; and what gets shipped to nodes. */
class PaxosClientOutcomeTest {
    private static final Op WRITE = Op.invoke(3, "write", "k1", 4L);
    private static final Op READ = Op.invoke(3, "read", "k1", null);
    private static final Op CAS = Op.invoke(3, "cas", "k1", List.of(1L, 2L));

    @Test
    void twoHundredIsOkAndReadsCarryTheValue() {
        assertThat(PaxosClient.complete(READ, 200, "{\"key\":\"k1\",\"value\":3}")).satisfies(o -> {
            assertThat(o.isOk()).isTrue();
            assertThat(o.value()).isEqualTo(3L);
            assertThat(o.process()).isEqualTo(3);
        });
        assertThat(PaxosClient.complete(READ, 200, "{\"key\":\"k1\",\"value\":null}").value()).isNull();
        assertThat(PaxosClient.complete(WRITE, 200, "{\"key\":\"k1\",\"value\":4}").isOk()).isTrue();
    }

    @Test
    void definiteErrorsFailAndIndefiniteOnesAreInfo() {
        Op mismatch = PaxosClient.complete(CAS, 409, "{\"error\":\"cas-mismatch\",\"definite\":true,\"current\":3}");
        assertThat(mismatch.isFail()).isTrue();
        assertThat(mismatch.error()).startsWith("cas-mismatch");
        assertThat(PaxosClient.complete(WRITE, 503, "{\"error\":\"no-leader\",\"definite\":true}").isFail()).isTrue();
        Op timeout = PaxosClient.complete(WRITE, 504, "{\"error\":\"timeout\",\"definite\":false,\"message\":\"not committed in 5000 ms\"}");
        assertThat(timeout.isInfo()).isTrue();
        assertThat(timeout.error()).isEqualTo("timeout: not committed in 5000 ms");
        assertThat(PaxosClient.complete(WRITE, 502, "<html>bad gateway</html>").isInfo()).isTrue();
        // a read that may or may not have happened changed nothing: recorded as fail
        assertThat(PaxosClient.complete(READ, 504, "{\"error\":\"timeout\",\"definite\":false}").isFail()).isTrue();
    }

    @Test
    void theBundleHoldsTheServerAndItsLibrariesAsJars() throws Exception {
        JvmBundle bundle = PaxosTarget.bundle();
        assertThat(bundle.mainClass()).isEqualTo("dev.faultline.paxos.Main");
        assertThat(bundle.jars()).allSatisfy(j -> assertThat(j.toString()).endsWith(".jar")).hasSizeGreaterThanOrEqualTo(6);
        boolean hasMain = false;
        for (Path jar : bundle.jars()) {
            assertThat(Files.isRegularFile(jar)).isTrue();
            try (JarFile f = new JarFile(jar.toFile())) {
                hasMain |= f.getEntry("dev/faultline/paxos/Main.class") != null;
            }
        }
        assertThat(hasMain).isTrue();
    }
}
