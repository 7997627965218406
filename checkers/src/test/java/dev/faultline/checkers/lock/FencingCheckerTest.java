package dev.faultline.checkers.lock;

import dev.faultline.checkers.history.OpType;
import dev.faultline.checkers.result.CheckResult;
import dev.faultline.checkers.result.Validity;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FencingCheckerTest {
    private final FencingChecker checker = new FencingChecker();

    private CheckResult check(LockHistoryBuilder b) {
        return checker.check(b.build());
    }

    private static Validity child(CheckResult r, String name) {
        return r.children().stream().filter(c -> c.checker().equals(name)).findFirst().orElseThrow().validity();
    }

    @Test
    void writesInTokenOrderAreValid() {
        CheckResult r = check(new LockHistoryBuilder()
                .acquired(1, "L", 1000, 0, 10, 5)
                .wrote(1, "L", 5, "a", 20, 30, 1)
                .wrote(1, "L", 5, "b", 40, 50, 2)
                .released(1, "L", 5, 60, 70, OpType.OK)
                .acquired(2, "L", 1000, 80, 90, 9)
                .wrote(2, "L", 9, "c", 100, 110, 3)
                .acquired(3, "M", 1000, 80, 90, 10)
                .wrote(3, "M", 10, "x", 100, 110, 4));
        assertThat(r.validity()).isEqualTo(Validity.VALID);
        assertThat(r.children()).hasSize(4);
    }

    @Test
    void aStaleWriteAcceptedAfterAHigherTokenIsInvalid() {
        CheckResult r = check(new LockHistoryBuilder()
                .acquired(1, "L", 100, 0, 10, 5)
                .acquired(2, "L", 100, 150, 160, 9)
                .wrote(2, "L", 9, "new", 170, 180, 1)
                .wrote(1, "L", 5, "late", 300, 310, 2)); // p1 slept past its lease
        assertThat(r.validity()).isEqualTo(Validity.INVALID);
        assertThat(child(r, "stale-writes")).isEqualTo(Validity.INVALID);
        assertThat(child(r, "token-order")).isEqualTo(Validity.VALID);
        CheckResult stale = r.children().get(0);
        assertThat(stale.summary()).contains("seq 2").contains("token 5").contains("token 9");
        @SuppressWarnings("unchecked")
        FencingChecker.Findings<FencingChecker.StaleWrite> f = (FencingChecker.Findings<FencingChecker.StaleWrite>) stale.detail();
        assertThat(f.listed().get(0).process()).isEqualTo(1);
        assertThat(f.listed().get(0).highestSeq()).isEqualTo(1);
    }

    @Test
    void registersAreFencedIndependentlyAndUnknownWritesAreIgnored() {
        assertThat(check(new LockHistoryBuilder()
                .wrote(1, "A", 9, "a", 0, 10, 1)
                .wrote(2, "B", 5, "b", 20, 30, 2)
                .op(40, 3, OpType.INVOKE, "write", "A", java.util.Map.of("token", 1L, "value", "x"))
                .op(50, 3, OpType.INFO, "write", "A", java.util.Map.of("token", 1L, "value", "x"))).validity())
                .isEqualTo(Validity.VALID);
    }

    @Test
    void aReusedTokenIsInvalid() {
        CheckResult r = check(new LockHistoryBuilder()
                .acquired(1, "L", 100, 0, 10, 5)
                .acquired(2, "L", 100, 0, 12, 5));
        assertThat(child(r, "unique-tokens")).isEqualTo(Validity.INVALID);
        assertThat(r.validity()).isEqualTo(Validity.INVALID);
    }

    @Test
    void aLaterGrantWithALowerTokenIsInvalidButConcurrentGrantsMayGoEitherWay() {
        assertThat(child(check(new LockHistoryBuilder()
                .acquired(1, "L", 100, 0, 10, 7)
                .acquired(2, "L", 100, 200, 210, 5)), "token-order")).isEqualTo(Validity.INVALID);
        assertThat(check(new LockHistoryBuilder()
                .acquired(1, "L", 100, 0, 300, 7)
                .acquired(2, "L", 100, 200, 210, 5)).validity()).isEqualTo(Validity.VALID);
    }

    @Test
    void aReusedSeqIsInvalid() {
        assertThat(child(check(new LockHistoryBuilder()
                .wrote(1, "A", 1, "a", 0, 10, 1)
                .wrote(2, "B", 1, "b", 20, 30, 1)), "unique-seq")).isEqualTo(Validity.INVALID);
    }

    @Test
    void withoutTimesTokenOrderIsUnknownButStaleWritesAreStillFound() {
        CheckResult r = check(new LockHistoryBuilder().untimed()
                .wrote(2, "L", 9, "new", 0, 0, 1)
                .wrote(1, "L", 5, "late", 0, 0, 2));
        assertThat(child(r, "token-order")).isEqualTo(Validity.UNKNOWN);
        assertThat(child(r, "stale-writes")).isEqualTo(Validity.INVALID);
        assertThat(r.validity()).isEqualTo(Validity.INVALID);
    }
}
