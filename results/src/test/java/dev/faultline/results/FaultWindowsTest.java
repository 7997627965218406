package dev.faultline.results;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.Op;
import dev.faultline.checkers.history.OpType;
import dev.faultline.checkers.result.CheckResult;
import dev.faultline.checkers.result.Validity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Fault windows drawn from the fault kinds a run declared, on histories where guessing from op
 * names ({@link GuessedFaultKinds}, what reports did before kinds were declared) gets them wrong.
 */
class FaultWindowsTest {
    static final FaultKind KILL = new FaultKind("kill", "kill", "start");
    static final FaultKind PARTITION = new FaultKind("partition", "start-partition", "stop-partition");

    private final List<Op> ops = new ArrayList<>();
    private long t;

    /** A nemesis op invoked and completed (info) 1 µs later, with the completion's value. */
    private void nemesis(String f, Object value) {
        ops.add(new Op(-1, t += 1_000, Op.NEMESIS, OpType.INVOKE, f, null, null, null));
        ops.add(new Op(-1, t += 1_000, Op.NEMESIS, OpType.INFO, f, null, value, null));
    }

    private void clientRead() {
        ops.add(Op.invoke(0, "read", null, null).withTime(t += 1_000));
        ops.add(Op.invoke(0, "read", null, null).ok(1L).withTime(t += 1_000));
    }

    private FaultWindows windows(List<FaultKind> declared) {
        History h = History.of(ops);
        return FaultWindows.of(h, OpPairs.of(h), declared);
    }

    @Test
    void aCustomNemesisWithNamesTheGuesserDoesNotKnowGetsItsWindow() {
        FaultKind isolation = new FaultKind("isolation", "isolate-leader", "rejoin");
        nemesis("isolate-leader", Map.of("n1", List.of("n2", "n3")));
        clientRead();
        nemesis("rejoin", null);

        FaultWindows declared = windows(List.of(isolation));
        assertThat(declared.windows).singleElement().satisfies(w -> {
            assertThat(w.kind()).isEqualTo("isolation");
            assertThat(w.label()).isEqualTo("n1 ↛ n2,n3");
            assertThat(w.healed()).isTrue();
            assertThat(w.openIndex()).isEqualTo(0);
            assertThat(w.closeIndex()).isEqualTo(4);
        });
        assertThat(declared.events).isEmpty();

        FaultWindows guessed = windows(null);
        assertThat(guessed.windows).as("the guesser sees two unrelated events").isEmpty();
        assertThat(guessed.events).extracting(FaultWindows.Event::f).containsExactly("isolate-leader", "rejoin");
    }

    @Test
    void anOpNamedStartIsWhatItsKindSaysNotAKillRecovery() {
        // A custom load-spike fault that runs start/stop while a kill (recovered by restart) is in effect.
        FaultKind spike = new FaultKind("load-spike", "start", "stop");
        FaultKind kill = new FaultKind("kill", "kill", "restart");
        nemesis("kill", Map.of("n2", "killed"));
        nemesis("start", List.of("n1"));
        clientRead();
        nemesis("restart", Map.of("n2", "started"));
        nemesis("stop", null);

        FaultWindows declared = windows(List.of(spike, kill));
        assertThat(declared.windows).extracting(FaultWindows.Window::kind, FaultWindows.Window::openIndex, FaultWindows.Window::closeIndex)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("kill", 0, 6), org.assertj.core.groups.Tuple.tuple("load-spike", 2, 8));
        assertThat(declared.events).isEmpty();

        FaultWindows guessed = windows(null);
        assertThat(guessed.windows).as("the guesser ends the kill at 'start'").singleElement()
                .satisfies(w -> assertThat(w.closeIndex()).isEqualTo(2));
        assertThat(guessed.events).extracting(FaultWindows.Event::f).containsExactly("restart", "stop");
    }

    @Test
    void aRecoveryWithNothingOpenIsAnEventNotAFaultThatNeverHealed() {
        // The kill package's final generator starts every node again, even when no kill is in effect.
        nemesis("kill", Map.of("n3", "killed"));
        nemesis("start", Map.of("n1", "started", "n2", "started", "n3", "started"));
        clientRead();
        nemesis("start", Map.of("n1", "started", "n2", "started", "n3", "started"));

        FaultWindows declared = windows(List.of(KILL));
        assertThat(declared.windows).singleElement().satisfies(w -> assertThat(w.healed()).isTrue());
        assertThat(declared.events).extracting(FaultWindows.Event::f).containsExactly("start");

        FaultWindows guessed = windows(null);
        assertThat(guessed.windows).as("the guesser opens a 'fault' that never heals").anySatisfy(w -> {
            assertThat(w.kind()).isEqualTo("fault");
            assertThat(w.healed()).isFalse();
        });
    }

    @Test
    void theRunnersHealEndsEveryDeclaredFault() {
        nemesis("kill", Map.of("n2", "killed"));
        nemesis("start-partition", Map.of("n1", List.of("n3"), "n3", List.of("n1")));
        clientRead();
        nemesis(FaultKind.HEAL_F, "healed");

        FaultWindows declared = windows(List.of(KILL, PARTITION));
        assertThat(declared.windows).hasSize(2).allSatisfy(w -> {
            assertThat(w.healed()).isTrue();
            assertThat(w.closeIndex()).isEqualTo(6);
        });

        FaultWindows guessed = windows(null);
        assertThat(guessed.windows).as("the guesser takes heal for a partition's end only").anySatisfy(w -> {
            assertThat(w.kind()).isEqualTo("kill");
            assertThat(w.healed()).isFalse();
        });
    }

    @Test
    void aDiskFaultsBandSaysWhatItDidInItsOwnWords() {
        FaultKind lose = new FaultKind("lose-unfsynced", "lose-unfsynced", "start-disk");
        nemesis("lose-unfsynced", Map.of("n2", Map.of("fault", "lose-unfsynced", "bytes", 4900L,
                "summary", "lost 4900 unsynced bytes (data /log 4900+0 B)", "undone", List.of())));
        nemesis("start-disk", Map.of("n1", "started", "n2", "started", "n3", "started"));
        assertThat(windows(List.of(lose)).windows).singleElement()
                .satisfies(win -> assertThat(win.label()).isEqualTo("n2 lost 4900 unsynced bytes (data /log 4900+0 B)"));
    }

    @Test
    void severalStartsBeforeAStopAreOneWindowNamingEveryStart() {
        FaultKind bump = new FaultKind("clock", "bump-clock", "reset-clock");
        FaultKind strobe = new FaultKind("clock", "strobe-clock", "reset-clock");
        nemesis("bump-clock", Map.of("n1", Map.of("delta-ms", 5000L, "offset-ms", 5000L)));
        nemesis("strobe-clock", Map.of("n2", Map.of("delta-ms", 200L, "offset-ms", 200L, "period-ms", 10L)));
        nemesis("reset-clock", null);
        nemesis("reset-clock", null);

        FaultWindows w = windows(List.of(bump, strobe));
        assertThat(w.windows).singleElement().satisfies(win -> {
            assertThat(win.kind()).isEqualTo("clock");
            assertThat(win.label()).isEqualTo("n1 +5000 ms; n2 strobe ±200 ms every 10 ms");
            assertThat(win.openIndex()).isEqualTo(0);
            assertThat(win.closeIndex()).isEqualTo(4);
        });
        assertThat(w.events).extracting(FaultWindows.Event::f).containsExactly("reset-clock");
    }

    @Test
    void theReportDrawsTheRecordsKindsAndGuessesOnlyWithoutThem() {
        nemesis("isolate-leader", Map.of("n1", List.of("n2")));
        clientRead();
        nemesis("rejoin", null);
        History h = History.of(ops);
        CheckResult ok = CheckResult.of("linearizable", Validity.VALID, "ok");
        RunRecord declared = SampleRuns.info("custom");
        declared = new RunRecord(declared.name(), declared.status(), null, null, "t", "w", List.of("isolate"), null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, List.of(new FaultKind("isolation", "isolate-leader", "rejoin")), null, null);
        Path run = Path.of("store/t/20260101T000000.000");
        assertThat(ReportPage.render(run, h, ok, declared)).contains("\"kind\":\"isolation\"", "1 fault windows, 0 other nemesis events");
        assertThat(ReportPage.render(run, h, ok, RunRecord.named("imported"))).doesNotContain("\"kind\":").contains("0 fault windows, 2 other nemesis events");
    }
}
