package dev.faultline.checkers.lock;

import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.OpType;
import dev.faultline.checkers.result.CheckResult;
import dev.faultline.checkers.result.Validity;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MutualExclusionCheckerTest {
    private final MutualExclusionChecker checker = new MutualExclusionChecker();

    private CheckResult check(LockHistoryBuilder b) {
        return checker.check(b.build());
    }

    @Test
    void releaseThenAcquireIsValid() {
        CheckResult r = check(new LockHistoryBuilder()
                .acquired(1, "L", 1000, 0, 10, 5)
                .nemesis(20, "start-partition")
                .released(1, "L", 5, 500, 505, OpType.OK)
                .acquired(2, "L", 1000, 400, 510, 7)
                .released(2, "L", 7, 600, 610, OpType.OK));
        assertThat(r.validity()).isEqualTo(Validity.VALID);
        assertThat(((MutualExclusionChecker.Report) r.detail()).holds()).isEqualTo(2);
    }

    @Test
    void twoHoldersAtOnceIsInvalid() {
        CheckResult r = check(new LockHistoryBuilder()
                .acquired(1, "L", 1000, 0, 10, 5)
                .acquired(2, "L", 1000, 400, 500, 7)
                .released(2, "L", 7, 600, 610, OpType.OK)
                .released(1, "L", 5, 700, 710, OpType.OK));
        assertThat(r.validity()).isEqualTo(Validity.INVALID);
        MutualExclusionChecker.Report report = (MutualExclusionChecker.Report) r.detail();
        assertThat(report.violations()).isEqualTo(1);
        MutualExclusionChecker.Overlap o = report.overlaps().get(0);
        assertThat(o.first().process()).isEqualTo(1);
        assertThat(o.second().process()).isEqualTo(2);
        assertThat(o.overlapMs()).isEqualTo(100.0); // [500, 600): p2 released at 600
        assertThat(r.summary()).contains("lock L");
    }

    @Test
    void theFirstAnomalousOpIsTheEarlierAcquireCountedInTheWholeHistory() {
        // Nemesis ops before the holds: the checker indexes client ops only, the timing maps them back.
        History h = new LockHistoryBuilder()
                .nemesis(100, "start-partition")
                .nemesis(150, "stop-partition")
                .acquired(1, "L", 1000, 200, 210, 5)
                .acquired(2, "L", 1000, 400, 500, 7)
                .released(2, "L", 7, 600, 610, OpType.OK)
                .build();
        CheckResult r = checker.check(h);
        assertThat(r.validity()).isEqualTo(Validity.INVALID);
        assertThat(dev.faultline.checkers.result.AnomalousOps.firstInvocationNanos(r, h)).hasValue(200_000_000L);
        assertThat(dev.faultline.checkers.result.AnomalousOps.firstInvocationNanos(checker.check(new LockHistoryBuilder()
                .acquired(1, "L", 1000, 0, 10, 5).build()), h)).isEmpty();
    }

    @Test
    void aLeaseThatRanOutMayBeTakenOver() {
        // p1 never releases; its 100 ms lease counted from the invocation ends at 100.
        assertThat(check(new LockHistoryBuilder()
                .acquired(1, "L", 100, 0, 10, 5)
                .acquired(2, "L", 100, 50, 150, 7)).validity()).isEqualTo(Validity.VALID);
        // ... but not before: a grant acknowledged at 90 overlaps [10, 100).
        assertThat(check(new LockHistoryBuilder()
                .acquired(1, "L", 100, 0, 10, 5)
                .acquired(2, "L", 100, 50, 90, 7)).validity()).isEqualTo(Validity.INVALID);
    }

    @Test
    void anOkRenewExtendsTheHoldAndAFailedOneDoesNot() {
        assertThat(check(new LockHistoryBuilder()
                .acquired(1, "L", 100, 0, 10, 5)
                .renewed(1, "L", 5, 80, 90, OpType.OK)
                .acquired(2, "L", 100, 120, 150, 7)).validity()).isEqualTo(Validity.INVALID);
        assertThat(check(new LockHistoryBuilder()
                .acquired(1, "L", 100, 0, 10, 5)
                .renewed(1, "L", 5, 80, 90, OpType.FAIL)
                .acquired(2, "L", 100, 120, 150, 7)).validity()).isEqualTo(Validity.VALID);
        assertThat(check(new LockHistoryBuilder()
                .acquired(1, "L", 100, 0, 10, 5)
                .renewed(1, "L", 5, 80, 190, OpType.INFO)
                .acquired(2, "L", 100, 120, 150, 7)).validity()).isEqualTo(Validity.VALID);
    }

    @Test
    void aHoldEndsAtTheReleaseInvocationWhateverItsOutcome() {
        assertThat(check(new LockHistoryBuilder()
                .acquired(1, "L", 1000, 0, 10, 5)
                .released(1, "L", 5, 100, 400, OpType.INFO)
                .acquired(2, "L", 1000, 150, 200, 7)).validity()).isEqualTo(Validity.VALID);
    }

    @Test
    void unknownAcquiresAndOtherLocksDoNotCount() {
        History h = new LockHistoryBuilder()
                .acquireInvoke(1, "L", 1000, 0)
                .op(50, 1, OpType.INFO, "acquire", "L", 1000L)
                .acquired(2, "L", 1000, 60, 70, 7)
                .acquired(3, "M", 1000, 60, 70, 8)
                .acquired(4, "L", 1000, 80, 3000, 9) // answered after its own lease ran out: no hold
                .build();
        assertThat(checker.check(h).validity()).isEqualTo(Validity.VALID);
    }

    @Test
    void theSameProcessReacquiringEndsItsEarlierHold() {
        assertThat(check(new LockHistoryBuilder()
                .acquired(1, "L", 1000, 0, 10, 5)
                .acquired(1, "L", 1000, 100, 110, 7)
                .acquired(2, "L", 1000, 20, 105, 9)).validity()).isEqualTo(Validity.INVALID);
    }

    @Test
    void aHistoryWithoutTimesIsUnknown() {
        assertThat(check(new LockHistoryBuilder().untimed().acquired(1, "L", 1000, 0, 10, 5)).validity())
                .isEqualTo(Validity.UNKNOWN);
    }

    @Test
    void aMalformedOpIsUnknownAndNamed() {
        CheckResult r = check(new LockHistoryBuilder().op(0, 1, OpType.INVOKE, "acquire", "L", 100L)
                .op(1, 1, OpType.OK, "acquire", "L", "not-a-token"));
        assertThat(r.validity()).isEqualTo(Validity.UNKNOWN);
        assertThat(r.summary()).contains("op 1").contains("token");
    }
}
