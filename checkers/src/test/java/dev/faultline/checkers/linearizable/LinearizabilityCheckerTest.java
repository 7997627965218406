package dev.faultline.checkers.linearizable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faultline.checkers.bench.SyntheticHistories;
import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.HistoryException;
import dev.faultline.checkers.history.Op;
import dev.faultline.checkers.history.OpType;
import dev.faultline.checkers.model.Models;
import dev.faultline.checkers.result.CheckResult;
import dev.faultline.checkers.result.Validity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinearizabilityCheckerTest {
    private static final Budget BUDGET = new Budget(Duration.ofSeconds(30), 10_000_000);

    /** Builds histories op by op: {@code h.inv(1, "write", 3).ok(1, 3)}. */
    private static final class H {
        final List<Op> ops = new ArrayList<>();
        String key;

        H key(String k) {
            key = k;
            return this;
        }

        H inv(int p, String f, Object v) {
            ops.add(new Op(-1, -1, p, OpType.INVOKE, f, key, v, null));
            return this;
        }

        H ok(int p, String f, Object v) {
            ops.add(new Op(-1, -1, p, OpType.OK, f, key, v, null));
            return this;
        }

        H info(int p, String f, Object v) {
            ops.add(new Op(-1, -1, p, OpType.INFO, f, key, v, "timeout"));
            return this;
        }

        H fail(int p, String f, Object v) {
            ops.add(new Op(-1, -1, p, OpType.FAIL, f, key, v, "refused"));
            return this;
        }

        History history() {
            return History.of(ops);
        }
    }

    private static CheckResult check(String model, Object initial, History h) {
        return new LinearizabilityChecker(Models.byName(model), initial, BUDGET).check(h);
    }

    @Test
    void theFirstAnomalousOpIsTheInvocationOfTheOpThatCannotBeLinearized() {
        List<Op> ops = List.of(
                new Op(0, 1_000_000_000L, Op.NEMESIS, OpType.INFO, "start-partition", null, null, null),
                new Op(1, 2_000_000_000L, 1, OpType.INVOKE, "write", "k", 1L, null),
                new Op(2, 2_500_000_000L, 1, OpType.OK, "write", "k", 1L, null),
                new Op(3, 3_000_000_000L, 2, OpType.INVOKE, "read", "k", null, null),
                new Op(4, 3_200_000_000L, 2, OpType.OK, "read", "k", 0L, null));
        History h = History.of(ops);
        CheckResult r = check("cas-register", 0L, h);
        assertThat(r.validity()).isEqualTo(Validity.INVALID);
        assertThat(dev.faultline.checkers.result.AnomalousOps.firstInvocationNanos(r, h)).hasValue(3_000_000_000L);
    }

    @Test
    void concurrentOpsMayTakeEffectInEitherOrder() {
        History h = new H().inv(1, "write", 1L).inv(2, "read", null).ok(2, "read", 1L).ok(1, "write", 1L)
                .inv(3, "read", null).ok(3, "read", 1L).history();
        assertThat(check("cas-register", 0L, h).validity()).isEqualTo(Validity.VALID);
    }

    @Test
    void aStaleReadAfterACompletedWriteIsNotLinearizable() {
        History h = new H().inv(1, "write", 1L).ok(1, "write", 1L).inv(2, "read", null).ok(2, "read", 0L).history();
        CheckResult r = check("cas-register", 0L, h);
        assertThat(r.validity()).isEqualTo(Validity.INVALID);
        LinearizabilityFailure f = (LinearizabilityFailure) r.detail();
        assertThat(f.op()).isEqualTo(3);
        assertThat(f.invocation()).isEqualTo(2);
        assertThat(f.description()).isEqualTo("process 2: read -> ok 0");
        assertThat(f.linearized()).containsExactly(0L);
        assertThat(f.states()).containsExactly("0", "1");
        assertThat(f.statesBefore()).containsExactly("1");
        assertThat(r.summary()).contains("not linearizable: process 2: read -> ok 0 (op 3) cannot be linearized");
    }

    @Test
    void aNilReadAfterACompletedWriteIsStaleOnlyInTheStrictRegister() {
        History h = new H().inv(1, "write", 1L).ok(1, "write", 1L).inv(2, "read", null).ok(2, "read", null).history();
        assertThat(check("cas-register", null, h).validity()).as("Knossos: nil is an unknown value").isEqualTo(Validity.VALID);
        CheckResult r = check("cas-register-strict", null, h);
        assertThat(r.validity()).isEqualTo(Validity.INVALID);
        assertThat(((LinearizabilityFailure) r.detail()).description()).isEqualTo("process 2: read -> ok nil");
    }

    /**
     * 30 timed-out writes of two values, read back alternately: every subset of them is a distinct
     * linearized set (2^30), but same-effect ops placed in invocation order leave a few hundred.
     */
    @Test
    void timedOutWritesOfOneValueAreInterchangeable() {
        H b = new H();
        for (int p = 100; p < 130; p++) b.inv(p, "write", (long) (p % 2 + 1));
        for (int p = 100; p < 130; p++) b.info(p, "write", (long) (p % 2 + 1));
        for (int i = 0; i < 14; i++) b.inv(1, "read", null).ok(1, "read", (long) (i % 2 + 1));
        b.inv(1, "read", null).ok(1, "read", 3L);
        CheckResult r = check("cas-register", 0L, b.history());
        assertThat(r.validity()).as(r.summary()).isEqualTo(Validity.INVALID);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([\\d,]+) states explored").matcher(r.summary());
        assertThat(m.find()).as(r.summary()).isTrue();
        assertThat(Long.parseLong(m.group(1).replace(",", ""))).isLessThan(10_000);
    }

    @Test
    void failedOpsNeverHappened() {
        History h = new H().inv(1, "write", 1L).fail(1, "write", 1L).inv(2, "read", null).ok(2, "read", 1L).history();
        assertThat(check("cas-register", 0L, h).validity()).isEqualTo(Validity.INVALID);
        History unread = new H().inv(1, "write", 1L).fail(1, "write", 1L).inv(2, "read", null).ok(2, "read", 0L).history();
        assertThat(check("cas-register", 0L, unread).validity()).isEqualTo(Validity.VALID);
    }

    @Test
    void infoOpsMayTakeEffectLaterOrNever() {
        // The write timed out; a read much later sees it: it took effect after the client gave up.
        History later = new H().inv(1, "write", 1L).info(1, "write", 1L).inv(2, "read", null).ok(2, "read", 0L)
                .inv(3, "read", null).ok(3, "read", 1L).history();
        assertThat(check("cas-register", 0L, later).validity()).isEqualTo(Validity.VALID);
        History never = new H().inv(1, "write", 1L).info(1, "write", 1L).inv(2, "read", null).ok(2, "read", 0L).history();
        assertThat(check("cas-register", 0L, never).validity()).isEqualTo(Validity.VALID);
        // But not before it was invoked.
        History before = new H().inv(2, "read", null).ok(2, "read", 1L).inv(1, "write", 1L).info(1, "write", 1L).history();
        assertThat(check("cas-register", 0L, before).validity()).isEqualTo(Validity.INVALID);
        // And at most once: 1 then 0 then 1 needs two writes of 1.
        History twice = new H().inv(1, "write", 1L).info(1, "write", 1L).inv(2, "read", null).ok(2, "read", 1L)
                .inv(3, "write", 0L).ok(3, "write", 0L).inv(4, "read", null).ok(4, "read", 1L).history();
        assertThat(check("cas-register", 0L, twice).validity()).isEqualTo(Validity.INVALID);
    }

    @Test
    void invocationsThatNeverCompleteAreTreatedAsInfo() {
        History h = new H().inv(1, "write", 1L).inv(2, "read", null).ok(2, "read", 0L).inv(3, "read", null).ok(3, "read", 1L).history();
        assertThat(check("cas-register", 0L, h).validity()).isEqualTo(Validity.VALID);
    }

    @Test
    void nemesisOpsAreIgnored() {
        History h = new H().inv(Op.NEMESIS, "start-partition", null).inv(1, "write", 1L).info(Op.NEMESIS, "start-partition", "cut")
                .ok(1, "write", 1L).history();
        assertThat(check("cas-register", 0L, h).validity()).isEqualTo(Validity.VALID);
    }

    @Test
    void keysAreCheckedSeparately() {
        // As one register this is not linearizable (x's write then y's read of 0); per key it is.
        H b = new H();
        b.key("x").inv(1, "write", 1L).ok(1, "write", 1L);
        b.key("y").inv(2, "read", null).ok(2, "read", 0L);
        assertThat(check("cas-register", 0L, b.history()).validity()).isEqualTo(Validity.VALID);

        b.key("z").inv(3, "write", 5L).ok(3, "write", 5L).inv(3, "read", null).ok(3, "read", 6L);
        CheckResult r = check("cas-register", 0L, b.history());
        assertThat(r.validity()).isEqualTo(Validity.INVALID);
        assertThat(r.children()).hasSize(1);
        assertThat(r.children().get(0).summary()).startsWith("key z: not linearizable");
        assertThat(((LinearizabilityFailure) r.detail()).key()).isEqualTo("z");
        assertThat(r.summary()).startsWith("1 of 3 keys not linearizable");
    }

    @Test
    void manyKeysInParallelFindTheOneBadKey() {
        History h = SyntheticHistories.kv(7, 50, 10, 5_000, 0.03, true);
        CheckResult r = new LinearizabilityChecker(Models.byName("kv"), null, BUDGET, 2).check(h);
        assertThat(r.validity()).as(r.summary()).isEqualTo(Validity.INVALID);
        assertThat(r.children()).hasSize(1);
        History valid = SyntheticHistories.kv(7, 50, 10, 5_000, 0.03, false);
        assertThat(new LinearizabilityChecker(Models.byName("kv"), null, BUDGET, 2).check(valid).validity()).isEqualTo(Validity.VALID);
    }

    @Test
    void syntheticHistoriesGetTheirVerdicts() {
        for (long seed = 1; seed <= 10; seed++) {
            for (int processes : new int[] {3, 10, 30}) {
                History good = SyntheticHistories.casRegister(seed, processes, 2_000, 0.05, false);
                assertThat(check("cas-register", null, good).validity()).as("seed %d p%d", seed, processes).isEqualTo(Validity.VALID);
                History bad = SyntheticHistories.casRegister(seed, processes, 2_000, 0.05, true);
                assertThat(check("cas-register", null, bad).validity()).as("seed %d p%d anomaly", seed, processes).isEqualTo(Validity.INVALID);
            }
        }
    }

    @Test
    void budgetsRunOutAsUnknownNamingTheBudget() {
        History h = SyntheticHistories.casRegister(3, 10, 20_000, 0.03, false);
        CheckResult states = new LinearizabilityChecker(Models.byName("cas-register"), null, new Budget(Duration.ofSeconds(30), 1_000)).check(h);
        assertThat(states.validity()).isEqualTo(Validity.UNKNOWN);
        assertThat(states.summary()).contains("state limit of 1,000 states ran out");
        CheckResult time = new LinearizabilityChecker(Models.byName("cas-register"), null, new Budget(Duration.ofNanos(1), 10_000_000)).check(h);
        assertThat(time.validity()).isEqualTo(Validity.UNKNOWN);
        assertThat(time.summary()).contains("time limit of PT0.000000001S ran out");
    }

    @Test
    void opsTheModelDoesNotKnowAreReportedWithTheirIndex() {
        History h = new H().inv(1, "write", 1L).ok(1, "write", 1L).inv(2, "incr", 1L).ok(2, "incr", 2L).history();
        assertThatThrownBy(() -> check("cas-register", 0L, h)).isInstanceOf(HistoryException.class)
                .hasMessageContaining("op 2 (process 2, incr): model cas-register has no operation 'incr'");
    }

    @Test
    void anEmptyHistoryIsUnknownNotValid() {
        CheckResult r = check("cas-register", null, History.of(List.of()));
        assertThat(r.validity()).isEqualTo(Validity.UNKNOWN);
        assertThat(r.summary()).startsWith("no client op completed ok");
    }

    @Test
    void aClusterThatNeverServedIsUnknownNotValid() {
        History h = new H().inv(1, "write", 1L).fail(1, "write", 1L).inv(2, "read", null).info(2, "read", null)
                .inv(3, "cas", List.of(0L, 1L)).info(3, "cas", List.of(0L, 1L)).inv(4, "write", 2L).history();
        CheckResult r = check("cas-register", 0L, h);
        assertThat(r.validity()).isEqualTo(Validity.UNKNOWN);
        assertThat(r.summary()).isEqualTo("no client op completed ok (4 invoked: 1 fail, 2 info, 1 never completed): "
                + "the cluster never served, nothing to check");
    }

    @Test
    void withKeysTheClusterNeverServedIsUnknownButAKeyWithoutOkOpsIsFineWhenOthersServed() {
        H never = new H();
        never.key("x").inv(1, "write", 1L).info(1, "write", 1L);
        never.key("y").inv(2, "read", null).fail(2, "read", null);
        assertThat(check("cas-register", 0L, never.history()).validity()).isEqualTo(Validity.UNKNOWN);

        H served = new H();
        served.key("x").inv(1, "write", 1L).info(1, "write", 1L);
        served.key("y").inv(2, "read", null).ok(2, "read", 0L);
        assertThat(check("cas-register", 0L, served.history()).validity()).isEqualTo(Validity.VALID);
    }

    @Test
    void oneOkReadIsEnoughToJudge() {
        History h = new H().inv(1, "read", null).ok(1, "read", 0L).history();
        assertThat(check("cas-register", 0L, h).validity()).isEqualTo(Validity.VALID);
    }
}
