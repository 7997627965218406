package dev.faultline.paxos;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code --test-retry-stall-ms} test hook: a round whose phase 1 had to be retried is held before phase 2. */
class RetryStallTest {
    private static final long STALL_MS = 1500;

    @TempDir
    Path dir;

    @Test
    void aRoundThatWaitedOutAnOutageIsHeldBetweenItsPhases() throws Exception {
        try (PaxosCluster c = new PaxosCluster(dir, 3, null).withOptions(8000, "--test-retry-stall-ms", Long.toString(STALL_MS))
                .startAll()) {
            assertThat(c.put("n1", "x", 1).status()).isEqualTo(200);
            Ballot before = c.servers.get("n1").acceptorState("x").promised();

            c.stop("n2");
            c.stop("n3");
            CompletableFuture<PaxosCluster.Answer> write = CompletableFuture.supplyAsync(() -> {
                try {
                    return c.put("n1", "x", 2);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // n1's own acceptor promises the new round's ballot: phase 1 has begun, and fails alone.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!c.servers.get("n1").acceptorState("x").promised().greaterThan(before) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(c.servers.get("n1").acceptorState("x").promised().greaterThan(before)).as("n1 began phase 1").isTrue();
            c.start("n2");
            long majorityBack = System.nanoTime();
            PaxosCluster.Answer answer = write.get(10, TimeUnit.SECONDS);
            assertThat(answer.status()).isEqualTo(200);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - majorityBack)).as("held after its promises").isGreaterThanOrEqualTo(STALL_MS);
            assertThat(c.get("n2", "x").value().asInt()).isEqualTo(2);
        }
    }

    @Test
    void theHookMustBePositive() {
        assertThatThrownBy(() -> PaxosOptions.parse(java.util.List.of("--id", "n1", "--data-dir", dir.toString(),
                "--peers", "n1=127.0.0.1:9001", "--test-retry-stall-ms", "0"))).hasMessageContaining("test-retry-stall-ms");
    }
}
