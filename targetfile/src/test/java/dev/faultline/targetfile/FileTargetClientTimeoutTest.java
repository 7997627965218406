package dev.faultline.targetfile;

import dev.faultline.checkers.history.Op;
import dev.faultline.checkers.history.OpType;
import dev.faultline.harness.control.Cluster;
import dev.faultline.harness.control.Node;
import dev.faultline.harness.run.ClientTimeouts;
import dev.faultline.harness.run.RunContext;
import dev.faultline.harness.spi.Client;
import dev.faultline.harness.spi.TestOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A target file's {@code clients.timeout} is what the target declares to the runner, and the
 * protocol client it starts gets it as {@code op_timeout_ms}, bounded within the run's effective
 * client timeout (no longer 80% of a fixed 10 s).
 */
class FileTargetClientTimeoutTest {
    @TempDir
    Path dir;

    private static final TestOptions OPTIONS = new TestOptions("t", "slow-file", "register", List.of(), 1, 1,
            Duration.ofSeconds(1), Duration.ofSeconds(1), 1, Set.of(), Map.of());

    /** A target whose protocol client refuses init, naming the op timeout it was given. */
    private FileTarget target(String clientsTimeout) throws Exception {
        Files.writeString(dir.resolve("client.sh"), """
                read -r line
                ms=$(printf '%s' "$line" | sed 's/.*"op_timeout_ms":\\([0-9]*\\).*/\\1/')
                printf '{"type":"init_failed","error":"op_timeout_ms=%s"}\\n' "$ms"
                """);
        Path file = dir.resolve("target.yaml");
        Files.writeString(file, """
                name: slow-file
                workloads: [register]
                daemon:
                  start: [sleep, "1000"]
                clients:
                  command: [sh, client.sh]
                """ + (clientsTimeout == null ? "" : "  timeout: " + clientsTimeout + "\n"));
        return FileTarget.read(file);
    }

    /** The op timeout the protocol client is told in a run whose client timeout is {@code runClientTimeout}. */
    private String toldOpTimeout(FileTarget target, Duration runClientTimeout) throws Exception {
        Node n1 = new Node("n1", "127.0.0.1", null);
        RunContext ctx = new RunContext(OPTIONS, new Cluster(List.of(n1)), null, dir, System.nanoTime(), runClientTimeout);
        Client client = target.clients("register", OPTIONS).open(ctx, n1);
        try {
            Op done = client.invoke(ctx, new Op(0, 0, 0, OpType.INVOKE, "read", "k", null, null));
            assertThat(done.type()).isEqualTo(OpType.FAIL);
            return done.error().replaceAll(".*op_timeout_ms=", "");
        } finally {
            client.close();
        }
    }

    @Test
    void clientsTimeoutIsDeclaredAndGivenToTheClientWhole() throws Exception {
        FileTarget t = target("30s");
        assertThat(t.clientOpTimeout(OPTIONS)).isEqualTo(Duration.ofSeconds(30));
        Duration effective = ClientTimeouts.effective(Duration.ofSeconds(10), t.clientOpTimeout(OPTIONS));
        assertThat(toldOpTimeout(t, effective)).as("not 80% of the run default (8000)").isEqualTo("30000");
    }

    @Test
    void aShorterChosenClientTimeoutShortensTheClientsOwn() throws Exception {
        assertThat(toldOpTimeout(target("30s"), Duration.ofSeconds(5))).isEqualTo("4000");
    }

    @Test
    void withoutClientsTimeoutTheProtocolDefaultIsDeclared() throws Exception {
        FileTarget t = target(null);
        assertThat(t.clientOpTimeout(OPTIONS)).isEqualTo(Duration.ofSeconds(5));
        assertThat(toldOpTimeout(t, ClientTimeouts.effective(Duration.ofSeconds(10), t.clientOpTimeout(OPTIONS)))).isEqualTo("5000");
    }
}
