package dev.faultline.checkers.txn;

import static dev.faultline.checkers.txn.ConsistencyModel.READ_COMMITTED;
import static dev.faultline.checkers.txn.ConsistencyModel.SERIALIZABLE;
import static dev.faultline.checkers.txn.ConsistencyModel.SNAPSHOT_ISOLATION;
import static dev.faultline.checkers.txn.ListAppendAnomaliesTest.first;
import static dev.faultline.checkers.txn.ListAppendAnomaliesTest.report;
import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.checkers.history.History;
import dev.faultline.checkers.result.CheckResult;
import dev.faultline.checkers.result.Validity;
import org.junit.jupiter.api.Test;

class RwRegisterAnomaliesTest {
    static CheckResult check(History h, ConsistencyModel model) {
        return new TxnChecker(TxnChecker.Workload.RW_REGISTER, model).check(h);
    }

    @Test
    void aSerialHistoryIsValid() {
        History h = new TxnHistoryBuilder()
                .txn(0, "[[:r :x nil] [:w :x 1]]")
                .txn(1, "[[:r :x 1] [:w :x 2] [:w :y 1]]")
                .txn(0, "[[:r :x 2] [:r :y 1]]")
                .build();
        CheckResult r = check(h, ConsistencyModel.STRICT_SERIALIZABLE);
        assertThat(r.validity()).as(r.summary()).isEqualTo(Validity.VALID);
    }

    @Test
    void gSingleFromTheInitialState() {
        History h = new TxnHistoryBuilder()
                .invoke(0, "[[:r :x 1] [:r :y nil]]")
                .txn(1, "[[:w :x 1] [:w :y 1]]")
                .ok(0)
                .build();
        CheckResult r = check(h, SNAPSHOT_ISOLATION);
        assertThat(r.validity()).isEqualTo(Validity.INVALID);
        assertThat(first(r, "G-single").explanation()).contains("T3 read key x = 1, written by T2")
                .contains("T3 read key y = nil, the initial state, which precedes T2's write of 1");
        assertThat(first(r, "fractured-read").txns()).containsExactly("T2", "T3");
    }

    @Test
    void writesFollowReadsOrderVersions() {
        // T1 installs 1, T2 reads 1 and overwrites it with 2, T3 reads 1 after reading T2's y: G-single.
        History h = new TxnHistoryBuilder()
                .txn(0, "[[:w :x 1]]")
                .invoke(1, "[[:r :x 1] [:w :x 2] [:w :y 2]]")
                .invoke(2, "[[:r :y 2] [:r :x 1]]")
                .ok(1).ok(2)
                .build();
        CheckResult r = check(h, SNAPSHOT_ISOLATION);
        assertThat(first(r, "G-single").explanation())
                .contains("T5 read key x = 1, which T4 (having read it too) overwrote with 2")
                .contains("T5 read key y = 2, written by T4");
    }

    @Test
    void g1aG1bGarbageAndInternal() {
        History h = new TxnHistoryBuilder()
                .invoke(0, "[[:w :x 1]]").fail(0)
                .invoke(1, "[[:w :y 1] [:w :y 2]]")
                .txn(2, "[[:r :x 1] [:r :y 1] [:r :z 7]]")
                .ok(1)
                .txn(3, "[[:w :q 5] [:r :q 6]]")
                .build();
        CheckResult r = check(h, READ_COMMITTED);
        assertThat(report(r).forbidden()).containsExactlyInAnyOrder("internal", "garbage-read", "G1a", "G1b");
        assertThat(first(r, "G1a").explanation()).startsWith("T4 read key x = 1, written by T1, which aborted.");
        assertThat(first(r, "G1b").explanation()).startsWith("T4 read key y = 1: an intermediate value of T5, which went on to write 2.");
        assertThat(first(r, "garbage-read").explanation()).startsWith("T4 read key z = 7, which no transaction wrote.");
        assertThat(first(r, "internal").explanation()).startsWith("T7 read key q = 6, but given its own earlier write it should have read 5.");
    }

    @Test
    void lostUpdateAndWriteSkew() {
        History lost = new TxnHistoryBuilder()
                .invoke(0, "[[:r :x nil] [:w :x 1]]")
                .invoke(1, "[[:r :x nil] [:w :x 2]]")
                .ok(0).ok(1)
                .build();
        CheckResult r = check(lost, SNAPSHOT_ISOLATION);
        assertThat(report(r).forbidden()).contains("lost-update");
        assertThat(first(r, "lost-update").explanation()).startsWith("T2, T3 all read key x = nil and then wrote it");

        History skew = new TxnHistoryBuilder()
                .invoke(0, "[[:r :x nil] [:r :y nil] [:w :x 1]]")
                .invoke(1, "[[:r :x nil] [:r :y nil] [:w :y 1]]")
                .ok(0).ok(1)
                .build();
        assertThat(check(skew, SNAPSHOT_ISOLATION).validity()).isEqualTo(Validity.VALID);
        assertThat(first(check(skew, SERIALIZABLE), "G2-item").txns()).containsExactlyInAnyOrder("T2", "T3");
    }

    @Test
    void blindWritesStayUnordered() {
        // Two blind writes and reads of each: no order between 1 and 2 can be inferred, and none is needed.
        History h = new TxnHistoryBuilder()
                .txn(0, "[[:w :x 1]]")
                .txn(1, "[[:w :x 2]]")
                .txn(2, "[[:r :x 2]]")
                .txn(3, "[[:r :x 1]]")
                .build();
        CheckResult r = check(h, SERIALIZABLE);
        assertThat(r.validity()).isEqualTo(Validity.VALID);
        assertThat(report(r).edges()).isEqualTo(2); // the two wr edges
    }
}
