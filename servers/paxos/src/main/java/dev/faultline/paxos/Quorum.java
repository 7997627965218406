package dev.faultline.paxos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * The answers to one phase: waits until {@code majority} of them are yes, every call has completed,
 * or the timeout passes, and keeps what arrived by then.
 *
 * @param answers     the answers that arrived (yes and no)
 * @param oks         how many of them are yes
 * @param undelivered calls that certainly never reached their acceptor (connection refused)
 */
record Quorum<T>(List<T> answers, int oks, int undelivered) {

    static <T> Quorum<T> await(List<CompletableFuture<T>> calls, Predicate<T> ok, int majority, Duration timeout)
            throws InterruptedException {
        Object lock = new Object();
        List<T> answers = new ArrayList<>();
        int[] counts = new int[3]; // oks, completed, undelivered
        for (CompletableFuture<T> c : calls) {
            c.whenComplete((answer, error) -> {
                synchronized (lock) {
                    counts[1]++;
                    if (answer != null) {
                        answers.add(answer);
                        if (ok.test(answer)) counts[0]++;
                    } else if (Acceptors.notDelivered(error)) {
                        counts[2]++;
                    }
                    lock.notifyAll();
                }
            });
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (counts[0] < majority && counts[1] < calls.size()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) break;
                lock.wait(Math.max(1, left / 1_000_000));
            }
            return new Quorum<>(List.copyOf(answers), counts[0], counts[2]);
        }
    }
}
