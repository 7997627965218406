package dev.faultline.raftkv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Concurrent writers appending unique tokens through random nodes; remembers which appends were
 * acknowledged (200) so a test can check that none of them is lost.
 */
final class AckedWrites {
    final Map<String, Set<String>> acked = new ConcurrentHashMap<>();
    final AtomicInteger ok = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    final AtomicInteger unknown = new AtomicInteger();
    private final List<Thread> threads = new ArrayList<>();
    private final CountDownLatch halfway;

    /** {@code ports} is asked for the live client ports before every request. */
    AckedWrites(int writers, int opsEach, int keys, Supplier<List<Integer>> ports) {
        halfway = new CountDownLatch(writers * opsEach / 3);
        for (int w = 0; w < writers; w++) {
            int writer = w;
            Thread t = new Thread(() -> {
                for (int i = 0; i < opsEach; i++) {
                    String key = "k" + (i % keys);
                    String token = "w" + writer + "-" + i + ";";
                    List<Integer> live = ports.get();
                    int port = live.get(ThreadLocalRandom.current().nextInt(live.size()));
                    try {
                        Http.Reply r = Http.append(port, key, token);
                        if (r.status() == 200) {
                            acked.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(token);
                            ok.incrementAndGet();
                        } else if (r.body().path("definite").asBoolean(false)) {
                            failed.incrementAndGet();
                        } else {
                            unknown.incrementAndGet();
                        }
                    } catch (Exception e) {
                        unknown.incrementAndGet();
                    }
                    halfway.countDown();
                }
            }, "writer-" + w);
            threads.add(t);
        }
    }

    AckedWrites start() {
        threads.forEach(Thread::start);
        return this;
    }

    void awaitHalfway() throws InterruptedException {
        assertThat(halfway.await(60, TimeUnit.SECONDS)).as("writers made progress").isTrue();
    }

    void join() throws InterruptedException {
        for (Thread t : threads) {
            t.join(120_000);
            assertThat(t.isAlive()).as(t.getName() + " finished").isFalse();
        }
    }

    /** Every acknowledged token is in the final value of its key, and no token appears twice. */
    void verify(Map<String, String> finalValues) {
        System.out.printf("writes: %d ok, %d failed, %d unknown%n", ok.get(), failed.get(), unknown.get());
        assertThat(ok.get()).as("some writes were acknowledged").isGreaterThan(0);
        for (var e : acked.entrySet()) {
            String value = finalValues.get(e.getKey());
            assertThat(value).as("final value of " + e.getKey()).isNotNull();
            List<String> tokens = List.of(value.split(";"));
            for (String token : e.getValue()) {
                assertThat(tokens).as("acknowledged append " + token + " to " + e.getKey()).contains(
                        token.substring(0, token.length() - 1));
            }
            assertThat(Set.copyOf(tokens)).as("no token applied twice in " + e.getKey()).hasSize(tokens.size());
        }
    }
}
