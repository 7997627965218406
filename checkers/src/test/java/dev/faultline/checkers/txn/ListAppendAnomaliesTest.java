package dev.faultline.checkers.txn;

import static dev.faultline.checkers.txn.ConsistencyModel.READ_ATOMIC;
import static dev.faultline.checkers.txn.ConsistencyModel.READ_COMMITTED;
import static dev.faultline.checkers.txn.ConsistencyModel.SERIALIZABLE;
import static dev.faultline.checkers.txn.ConsistencyModel.SNAPSHOT_ISOLATION;
import static dev.faultline.checkers.txn.ConsistencyModel.STRICT_SERIALIZABLE;
import static dev.faultline.checkers.txn.ConsistencyModel.STRONG_SESSION_SERIALIZABLE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.checkers.history.History;
import dev.faultline.checkers.result.CheckResult;
import dev.faultline.checkers.result.Validity;
import org.junit.jupiter.api.Test;

class ListAppendAnomaliesTest {
    static CheckResult check(History h, ConsistencyModel model) {
        return new TxnChecker(TxnChecker.Workload.LIST_APPEND, model).check(h);
    }

    static TxnReport report(CheckResult r) {
        return (TxnReport) r.detail();
    }

    static Anomaly first(CheckResult r, String type) {
        return report(r).anomalies().stream().filter(a -> a.type().equals(type)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " in " + r.summary() + "\n" + report(r).anomalies()));
    }

    @Test
    void aSerialHistoryIsStrictSerializable() {
        History h = new TxnHistoryBuilder()
                .txn(0, "[[:append :x 1] [:r :x [1]]]")
                .txn(1, "[[:r :x [1]] [:append :y 1] [:append :x 2]]")
                .txn(0, "[[:r :y [1]] [:r :x [1 2]]]")
                .build();
        CheckResult r = check(h, STRICT_SERIALIZABLE);
        assertThat(r.validity()).as(r.summary()).isEqualTo(Validity.VALID);
        assertThat(report(r).counts()).isEmpty();
        assertThat(report(r).edges()).isPositive();
    }

    @Test
    void g0WriteCycle() {
        History h = new TxnHistoryBuilder()
                .invoke(0, "[[:append :x 1] [:append :y 1]]")
                .invoke(1, "[[:append :x 2] [:append :y 2]]")
                .ok(0).ok(1)
                .txn(2, "[[:r :x [1 2]] [:r :y [2 1]]]")
                .build();
        CheckResult r = check(h, ConsistencyModel.READ_UNCOMMITTED);
        assertThat(r.validity()).isEqualTo(Validity.INVALID);
        Anomaly g0 = first(r, "G0");
        assertThat(g0.txns()).containsExactlyInAnyOrder("T2", "T3");
        assertThat(g0.explanation()).contains("T3 appended 2 to key x right after T2 appended 1")
                .contains("T2 appended 1 to key y right after T3 appended 2").contains("a contradiction");
    }

    @Test
    void theForbiddenAnomaliesNameTheirTransactionsAsAnomalousOps() {
        History h = new TxnHistoryBuilder()
                .invoke(0, "[[:append :x 1] [:append :y 1]]")
                .invoke(1, "[[:append :x 2] [:append :y 2]]")
                .ok(0).ok(1)
                .txn(2, "[[:r :x [1 2]] [:r :y [2 1]]]")
                .build();
        assertThat(report(check(h, ConsistencyModel.READ_UNCOMMITTED)).anomalousOps()).containsExactlyInAnyOrder(2L, 3L);
        assertThat(dev.faultline.checkers.result.AnomalousOps.firstInvocationNanos(check(h, ConsistencyModel.READ_UNCOMMITTED), h))
                .hasValue(h.get(0).time());
        History serial = new TxnHistoryBuilder().txn(0, "[[:append :x 1]]").txn(0, "[[:r :x [1]]]").build();
        assertThat(report(check(serial, STRICT_SERIALIZABLE)).anomalousOps()).isEmpty();
    }

    @Test
    void g1aAbortedRead() {
        History h = new TxnHistoryBuilder()
                .invoke(0, "[[:append :x 1]]").fail(0)
                .txn(1, "[[:r :x [1]]]")
                .build();
        CheckResult r = check(h, READ_COMMITTED);
        assertThat(r.validity()).isEqualTo(Validity.INVALID);
        assertThat(first(r, "G1a").explanation()).startsWith("T3 read key x = [1], which includes 1, appended by T1, which aborted.");
        assertThat(check(h, ConsistencyModel.READ_UNCOMMITTED).validity()).isEqualTo(Validity.VALID);
    }

    @Test
    void g1bIntermediateRead() {
        History h = new TxnHistoryBuilder()
                .invoke(0, "[[:append :x 1] [:append :x 2]]")
                .txn(1, "[[:r :x [1]]]")
                .ok(0)
                .build();
        CheckResult r = check(h, READ_COMMITTED);
        assertThat(first(r, "G1b").explanation()).contains("T2 read key x = [1], which ends with 1: an intermediate state of T3, which appended [1 2]");
    }

    @Test
    void g1cCircularInformationFlow() {
        History h = new TxnHistoryBuilder()
                .invoke(0, "[[:append :x 1] [:r :y [1]]]")
                .invoke(1, "[[:append :y 1] [:r :x [1]]]")
                .ok(0).ok(1)
                .build();
        CheckResult r = check(h, READ_COMMITTED);
        assertThat(r.validity()).isEqualTo(Validity.INVALID);
        assertThat(first(r, "G1c").explanation()).contains("T3 read key x = [1], observing T2's append of 1")
                .contains("T2 read key y = [1], observing T3's append of 1");
    }

    /** Read skew: T1 sees T2's append to y but not its append to x. */
    private static History readSkew() {
        return new TxnHistoryBuilder()
                .invoke(0, "[[:r :x []] [:r :y [1]]]")
                .txn(1, "[[:append :x 1] [:append :y 1]]")
                .ok(0)
                .txn(2, "[[:r :x [1]]]")
                .build();
    }

    @Test
    void gSingleReadSkew() {
        CheckResult r = check(readSkew(), SNAPSHOT_ISOLATION);
        assertThat(r.validity()).isEqualTo(Validity.INVALID);
        Anomaly a = first(r, "G-single");
        assertThat(a.explanation()).contains("T3 read key x = [], which did not include T2's append of 1")
                .contains("T3 read key y = [1], observing T2's append of 1");
        assertThat(check(readSkew(), READ_COMMITTED).validity()).isEqualTo(Validity.VALID);
    }

    @Test
    void fracturedReadUnderReadAtomic() {
        CheckResult r = check(readSkew(), READ_ATOMIC);
        assertThat(r.validity()).isEqualTo(Validity.INVALID);
        assertThat(report(r).forbidden()).containsExactly("fractured-read");
        assertThat(first(r, "fractured-read").explanation()).contains("T3 read key y = [1], observing T2's append of 1, but T3 read key x = [], missing T2's append of 1 to key x");
    }

    @Test
    void gNonadjacent() {
        History h = new TxnHistoryBuilder()
                .invoke(0, "[[:r :a []] [:r :c [1]]]")
                .invoke(1, "[[:append :a 1]]")
                .invoke(2, "[[:r :a [1]] [:r :b []]]")
                .invoke(3, "[[:append :b 1] [:append :c 1]]")
                .ok(1).ok(3).ok(2).ok(0)
                .txn(4, "[[:r :b [1]]]")
                .build();
        CheckResult si = check(h, SNAPSHOT_ISOLATION);
        assertThat(si.validity()).as(si.summary()).isEqualTo(Validity.INVALID);
        assertThat(report(si).forbidden()).containsExactly("G-nonadjacent");
        assertThat(first(si, "G-nonadjacent").txns()).hasSize(4);
        assertThat(check(h, READ_ATOMIC).validity()).isEqualTo(Validity.VALID);
    }

    @Test
    void g2ItemWriteSkewIsAllowedBySnapshotIsolation() {
        History h = new TxnHistoryBuilder()
                .invoke(0, "[[:r :x []] [:r :y []] [:append :x 1]]")
                .invoke(1, "[[:r :x []] [:r :y []] [:append :y 1]]")
                .ok(0).ok(1)
                .txn(2, "[[:r :x [1]] [:r :y [1]]]")
                .build();
        CheckResult si = check(h, SNAPSHOT_ISOLATION);
        assertThat(si.validity()).as(si.summary()).isEqualTo(Validity.VALID);
        CheckResult ser = check(h, SERIALIZABLE);
        assertThat(ser.validity()).isEqualTo(Validity.INVALID);
        assertThat(first(ser, "G2-item").explanation()).contains("T2 read key y = [], which did not include T3's append of 1")
                .contains("T3 read key x = [], which did not include T2's append of 1");
    }

    @Test
    void internalInconsistency() {
        CheckResult r = check(new TxnHistoryBuilder().txn(0, "[[:append :x 1] [:r :x []]]").build(), ConsistencyModel.READ_UNCOMMITTED);
        assertThat(first(r, "internal").explanation()).startsWith("T1 appended [1] to key x, then read [], which does not end with its own appends.");
        CheckResult twice = check(new TxnHistoryBuilder().txn(0, "[[:r :x []] [:append :x 1] [:r :x [1 1]]]").build(), SERIALIZABLE);
        assertThat(first(twice, "internal").explanation()).contains("it should have read [1]");
    }

    @Test
    void duplicateElements() {
        History h = new TxnHistoryBuilder().txn(0, "[[:append :x 1]]").txn(1, "[[:r :x [1 1]]]").build();
        assertThat(first(check(h, ConsistencyModel.READ_UNCOMMITTED), "duplicate-elements").explanation()).contains("in which 1 appears more than once");
    }

    @Test
    void incompatibleOrder() {
        History h = new TxnHistoryBuilder().txn(0, "[[:append :x 1]]").txn(0, "[[:append :x 2]]").txn(0, "[[:append :x 3]]")
                .txn(1, "[[:r :x [1 2]]]").txn(2, "[[:r :x [1 3 2]]]").build();
        CheckResult r = check(h, ConsistencyModel.READ_UNCOMMITTED);
        assertThat(first(r, "incompatible-order").explanation()).contains("T7 read key x = [1 2] and T9 read [1 3 2]: neither is a prefix of the other");
    }

    @Test
    void garbageRead() {
        History h = new TxnHistoryBuilder().txn(0, "[[:r :x [9]]]").build();
        assertThat(first(check(h, ConsistencyModel.READ_UNCOMMITTED), "garbage-read").explanation()).contains("no transaction appended 9");
    }

    @Test
    void nilElementInAReadIsGarbageNotACrash() {
        History h = new TxnHistoryBuilder().txn(0, "[[:r :x [nil]] [:append :x 1] [:r :x [nil 1]]]").build();
        assertThat(first(check(h, ConsistencyModel.READ_UNCOMMITTED), "garbage-read").explanation()).contains("no transaction appended nil");
    }

    @Test
    void lostUpdate() {
        History h = new TxnHistoryBuilder()
                .invoke(0, "[[:r :x []] [:append :x 1]]")
                .invoke(1, "[[:r :x []] [:append :x 2]]")
                .ok(0).ok(1)
                .txn(2, "[[:r :x [1 2]]]")
                .build();
        CheckResult r = check(h, SNAPSHOT_ISOLATION);
        assertThat(report(r).forbidden()).contains("lost-update", "G-single");
        assertThat(first(r, "lost-update").explanation()).startsWith("T2, T3 all read key x = [] and then appended to it");
        assertThat(check(h, READ_COMMITTED).validity()).isEqualTo(Validity.VALID);
    }

    @Test
    void dirtyUpdate() {
        History h = new TxnHistoryBuilder()
                .invoke(0, "[[:append :x 1]]").fail(0)
                .txn(1, "[[:append :x 2]]")
                .txn(2, "[[:r :x [1 2]]]")
                .build();
        CheckResult r = check(h, ConsistencyModel.READ_UNCOMMITTED);
        assertThat(report(r).forbidden()).containsExactly("dirty-update");
        assertThat(first(r, "dirty-update").explanation()).contains("T3 appended 2 to key x right after aborted T1's append");
    }

    /** T1 commits an append, then T2 (invoked later) misses it; a third reader fixes x's order. */
    private static History staleAfterCommit(int secondProcess) {
        return new TxnHistoryBuilder()
                .txn(0, "[[:append :x 1]]")
                .txn(secondProcess, "[[:r :x []]]")
                .txn(2, "[[:r :x [1]]]")
                .build();
    }

    @Test
    void realtimeVariantNeedsStrictSerializability() {
        assertThat(check(staleAfterCommit(1), SERIALIZABLE).validity()).isEqualTo(Validity.VALID);
        CheckResult strict = check(staleAfterCommit(1), STRICT_SERIALIZABLE);
        assertThat(strict.validity()).isEqualTo(Validity.INVALID);
        assertThat(first(strict, "G-single-realtime").explanation())
                .contains("T1 < T3 (realtime), because T1 completed (op 1) before T3 was invoked (op 2)")
                .contains("T3 < T1 (rw), because T3 read key x = [], which did not include T1's append of 1");
        assertThat(check(staleAfterCommit(1), STRONG_SESSION_SERIALIZABLE).validity()).isEqualTo(Validity.VALID);
    }

    @Test
    void processVariantNeedsStrongSession() {
        CheckResult r = check(staleAfterCommit(0), STRONG_SESSION_SERIALIZABLE);
        assertThat(r.validity()).isEqualTo(Validity.INVALID);
        assertThat(first(r, "G-single-process").explanation()).contains("process 0 ran T1 and then T3");
        assertThat(check(staleAfterCommit(0), SERIALIZABLE).validity()).isEqualTo(Validity.VALID);
    }

    @Test
    void indeterminateWritesCountWhenObserved() {
        History h = new TxnHistoryBuilder()
                .invoke(0, "[[:append :x 1] [:append :y 1]]").info(0)
                .txn(1, "[[:r :x [1]] [:r :y []]]")
                .txn(2, "[[:r :y [1]]]")
                .build();
        CheckResult r = check(h, SERIALIZABLE);
        assertThat(r.validity()).isEqualTo(Validity.INVALID);
        assertThat(first(r, "G-single").explanation()).contains("indeterminate (info)");
    }

    @Test
    void nonUniqueAppendsAreUnknownNotWrong() {
        History h = new TxnHistoryBuilder().txn(0, "[[:append :x 1]]").txn(1, "[[:append :x 1]]").build();
        CheckResult r = check(h, SERIALIZABLE);
        assertThat(r.validity()).isEqualTo(Validity.UNKNOWN);
        assertThat(r.summary()).contains("T1 and T3 both appended 1 to key x");
    }

    @Test
    void unobservedCommittedAppendsFollowTheLongestRead() {
        // Neither append is ever read, yet no serial order explains both reads of [].
        History h = new TxnHistoryBuilder()
                .invoke(0, "[[:append :x 1] [:r :y []]]")
                .invoke(1, "[[:r :x []] [:append :y 1]]")
                .ok(0).ok(1)
                .build();
        CheckResult r = check(h, SERIALIZABLE);
        assertThat(r.validity()).as(r.summary()).isEqualTo(Validity.INVALID);
        assertThat(first(r, "G2-item").explanation())
                .contains("T2 read key y = [], which did not include T3's committed append of 1 (no read observed it, so it comes after every observed element)");
    }

    @Test
    void futureReadAndNilReads() {
        // Jepsen records a read of a missing key as nil: the empty list, not an unknown read.
        History h = new TxnHistoryBuilder()
                .txn(0, "[[:r :x [1]] [:append :x 1]]")
                .txn(1, "[[:r :y nil]]")
                .txn(2, "[[:append :y 1]]")
                .txn(1, "[[:r :y nil]]")
                .build();
        CheckResult r = check(h, STRICT_SERIALIZABLE);
        assertThat(first(r, "future-read").explanation()).startsWith("T1 read key x = [1], which includes 1, an append it makes only later.");
        assertThat(first(r, "G-single-realtime").explanation()).contains("T7 read key y = [], which did not include T5's committed append of 1");
    }
}
