package dev.faultline.harness.run;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StagesTest {
    private final List<String> undone = new CopyOnWriteArrayList<>();
    private final Stages stages = new Stages();

    private void push(String name) {
        stages.push(name, Duration.ofSeconds(5), () -> undone.add(name));
    }

    @Test
    void closesInReverseOrderExactlyOnce() {
        push("machines");
        push("target");
        push("faults");
        stages.close();
        stages.close();
        assertThat(undone).containsExactly("faults", "target", "machines");
    }

    @Test
    void aFailingOrHangingUndoDoesNotStopTheOthers() {
        push("machines");
        stages.push("hangs", Duration.ofMillis(200), () -> Thread.sleep(60_000));
        stages.push("fails", Duration.ofSeconds(5), () -> {
            throw new IllegalStateException("boom");
        });
        long t0 = System.nanoTime();
        stages.close();
        assertThat(undone).containsExactly("machines");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aStageClosedEarlyIsNotUndoneAgain() throws Exception {
        push("machines");
        Stages.Stage faults = stages.push("faults", Duration.ofSeconds(5), () -> undone.add("faults"));
        push("logs");
        faults.closeNow();
        stages.close();
        assertThat(undone).containsExactly("faults", "logs", "machines");
    }

    @Test
    void whatIsAcquiredAfterTheStackClosedIsUndoneAtOnce() {
        push("machines");
        stages.close();
        assertThatThrownBy(() -> push("target")).isInstanceOf(Stages.RunStopped.class);
        assertThat(undone).containsExactly("machines", "target");
    }

    @Test
    void aSecondCloserWaitsForTheFirst() throws Exception {
        CountDownLatch inUndo = new CountDownLatch(1);
        stages.push("slow", Duration.ofSeconds(5), () -> {
            inUndo.countDown();
            Thread.sleep(300);
            undone.add("slow");
        });
        Thread hook = new Thread(stages::close);
        hook.start();
        inUndo.await();
        stages.close(); // returns only once the hook's close has finished
        assertThat(undone).containsExactly("slow");
        hook.join();
    }
}
