package dev.faultline.harness.run;

import dev.faultline.checkers.history.Op;
import dev.faultline.checkers.history.OpType;
import dev.faultline.harness.spi.Nemesis;
import dev.faultline.harness.spi.TestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fence: no fault op may act after the final heal, whatever the interpreter abandoned. */
class FencedNemesisTest {
    /** A nemesis whose fault op blocks until released, then "lands" (is logged). */
    static final class Blocking implements Nemesis {
        final List<String> log = new CopyOnWriteArrayList<>();
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch entered = new CountDownLatch(1);

        @Override
        public Set<String> fs() {
            return Set.of("fault");
        }

        @Override
        public Op invoke(TestContext ctx, Op invocation) throws InterruptedException {
            entered.countDown();
            release.await();
            log.add("fault " + invocation.value());
            return invocation.complete(OpType.INFO, invocation.value(), null);
        }

        @Override
        public void heal(TestContext ctx) {
            log.add("heal");
        }
    }

    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private static Op fault(String value) {
        return Op.invoke(Op.NEMESIS, "fault", null, value);
    }

    @Test
    void theHealWaitsForTheOpInFlightAndLaterOpsAreRefused() throws Exception {
        Blocking inner = new Blocking();
        FencedNemesis fenced = new FencedNemesis(inner);
        Future<Op> abandoned = pool.submit(() -> fenced.invoke(null, fault("a")));
        assertThat(inner.entered.await(5, TimeUnit.SECONDS)).isTrue();
        // the replacement worker's op queues behind the abandoned one
        Future<Op> queued = pool.submit(() -> fenced.invoke(null, fault("b")));

        Future<?> healing = pool.submit(() -> {
            fenced.closeAndHeal(null, Duration.ofSeconds(30));
            return null;
        });
        Thread.sleep(300);
        assertThat(healing).isNotDone();
        assertThat(inner.log).isEmpty();
        Op late = fenced.invoke(null, fault("c"));
        assertThat(late.type()).isEqualTo(OpType.INFO);
        assertThat(late.error()).isEqualTo(FencedNemesis.REFUSED);

        inner.release.countDown();
        healing.get(5, TimeUnit.SECONDS);
        assertThat(abandoned.get(5, TimeUnit.SECONDS).error()).isNull();
        assertThat(queued.get(5, TimeUnit.SECONDS).error()).isEqualTo(FencedNemesis.REFUSED);
        assertThat(inner.log).containsExactly("fault a", "heal");
        assertThat(fenced.isClosed()).isTrue();
    }

    @Test
    void anOpThatNeverReturnsStillGetsHealedButTheFenceSaysSo() throws Exception {
        Blocking inner = new Blocking();
        FencedNemesis fenced = new FencedNemesis(inner);
        pool.submit(() -> fenced.invoke(null, fault("stuck")));
        assertThat(inner.entered.await(5, TimeUnit.SECONDS)).isTrue();
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> fenced.closeAndHeal(null, Duration.ofMillis(300)))
                .isInstanceOf(FencedNemesis.InFlightException.class)
                .hasMessageContaining("still in flight");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        assertThat(inner.log).containsExactly("heal");
        inner.release.countDown();
    }

    @Test
    void anInterruptedWaiterDoesNothing() throws Exception {
        Blocking inner = new Blocking();
        FencedNemesis fenced = new FencedNemesis(inner);
        pool.submit(() -> fenced.invoke(null, fault("a")));
        assertThat(inner.entered.await(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Op> waiter = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                waiter.complete(fenced.invoke(null, fault("b")));
            } catch (Exception e) {
                waiter.completeExceptionally(e);
            }
        });
        t.start();
        Thread.sleep(200);
        t.interrupt();
        Op op = waiter.get(5, TimeUnit.SECONDS);
        assertThat(op.error()).contains("interrupted while waiting");
        inner.release.countDown();
        fenced.closeAndHeal(null, Duration.ofSeconds(5));
        assertThat(inner.log).containsExactly("fault a", "heal");
    }
}
