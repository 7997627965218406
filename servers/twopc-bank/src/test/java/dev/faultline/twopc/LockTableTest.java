package dev.faultline.twopc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.twopc.LockTable.Mode;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LockTableTest {
    private final LockTable locks = new LockTable();

    @Test
    void exclusiveLocksConflictAndSharedLocksShare() throws Exception {
        assertThat(locks.acquire("t1", Mode.EXCLUSIVE, List.of("a", "b"), 0)).isTrue();
        assertThat(locks.acquire("t2", Mode.EXCLUSIVE, List.of("b", "c"), 20)).isFalse();
        assertThat(locks.acquire("r1", Mode.SHARED, List.of("a", "c"), 20)).isFalse();
        assertThat(locks.acquire("t3", Mode.EXCLUSIVE, List.of("c"), 0)).as("all-or-nothing: the failed t2 holds no c").isTrue();
        locks.release("t1");
        locks.release("t3");
        assertThat(locks.acquire("r1", Mode.SHARED, List.of("a", "b", "c"), 0)).isTrue();
        assertThat(locks.acquire("r2", Mode.SHARED, List.of("a"), 0)).isTrue();
        assertThat(locks.acquire("t4", Mode.EXCLUSIVE, List.of("a"), 20)).isFalse();
        assertThat(locks.heldCount()).isEqualTo(2);
    }

    @Test
    void aWaitingReadIsNotOvertakenByLaterTransfers() throws Exception {
        assertThat(locks.acquire("t1", Mode.EXCLUSIVE, List.of("a"), 0)).isTrue();
        CompletableFuture<Boolean> read = CompletableFuture.supplyAsync(() -> acquire("r", Mode.SHARED, List.of("a", "b"), 5000));
        BankCluster.awaitUntil("the read waits", () -> locks.waitingCount() == 1, 5000);
        // b is free, but the earlier waiting read wants it: FIFO fairness makes t2 wait.
        assertThat(locks.acquire("t2", Mode.EXCLUSIVE, List.of("b"), 50)).isFalse();
        locks.release("t1");
        assertThat(read.get(5, TimeUnit.SECONDS)).isTrue();
    }

    private boolean acquire(String owner, Mode mode, List<String> keys, long waitMs) {
        try {
            return locks.acquire(owner, mode, keys, waitMs);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
