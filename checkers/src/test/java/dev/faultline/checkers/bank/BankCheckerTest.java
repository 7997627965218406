package dev.faultline.checkers.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.HistoryException;
import dev.faultline.checkers.history.Op;
import dev.faultline.checkers.history.OpType;
import dev.faultline.checkers.result.CheckResult;
import dev.faultline.checkers.result.Validity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BankCheckerTest {
    private static final List<String> ACCOUNTS = List.of("a0", "a1", "a2");
    private final BankChecker checker = BankChecker.withInitialBalance(ACCOUNTS, 10);

    /** Builds histories op by op with increasing times. */
    private static final class H {
        final List<Op> ops = new ArrayList<>();

        H add(int process, OpType type, String f, Object value) {
            ops.add(new Op(ops.size(), ops.size() * 1000L, process, type, f, null, value, null));
            return this;
        }

        H transfer(int p, String from, String to, long amount, OpType outcome) {
            Map<String, Object> v = Map.of("from", from, "to", to, "amount", amount);
            add(p, OpType.INVOKE, "transfer", v);
            return add(p, outcome, "transfer", v);
        }

        H read(int p, long... balances) {
            add(p, OpType.INVOKE, "read", null);
            return add(p, OpType.OK, "read", balances(balances));
        }

        History build() {
            return History.of(ops);
        }
    }

    private static Map<String, Object> balances(long... b) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < b.length; i++) m.put("a" + i, b[i]);
        return m;
    }

    private static BankReport report(CheckResult r) {
        return (BankReport) r.detail();
    }

    @Test
    void conservedTotalsAreValidAndEveryOkReadIsInTheSeries() {
        History h = new H()
                .read(0, 10, 10, 10)
                .transfer(1, "a0", "a1", 4, OpType.OK)
                .read(0, 6, 14, 10)
                .transfer(1, "a2", "a0", 50, OpType.FAIL)
                .add(2, OpType.INVOKE, "read", null).add(2, OpType.FAIL, "read", null)
                .add(Op.NEMESIS, OpType.INFO, "kill", "p2")
                .read(0, 6, 4, 20)
                .build();
        CheckResult r = checker.check(h);
        assertThat(r.validity()).isEqualTo(Validity.VALID);
        assertThat(r.checker()).isEqualTo("bank");
        BankReport rep = report(r);
        assertThat(rep.expectedTotal()).isEqualTo(30);
        assertThat(rep.reads()).isEqualTo(4);
        assertThat(rep.okReads()).isEqualTo(3);
        assertThat(rep.transfers()).isEqualTo(2);
        assertThat(rep.okTransfers()).isEqualTo(1);
        assertThat(rep.series()).extracting(BankReport.TotalPoint::total).containsExactly(30L, 30L, 30L);
        assertThat(rep.series()).extracting(BankReport.TotalPoint::time).containsExactly(1000L, 5000L, 12000L);
        assertThat(rep.firstWrongTotal()).isNull();
        assertThat(r.summary()).contains("3 ok reads", "total 30");
    }

    @Test
    void moneyDestroyedIsReportedWithTheFirstReadAndTheHalfAppliedTransferAsSuspect() {
        History h = new H()
                .read(0, 10, 10, 10)
                .transfer(1, "a0", "a2", 7, OpType.OK)
                .transfer(1, "a1", "a2", 3, OpType.OK)
                .read(0, 3, 7, 13)   // a2 never credited by the first transfer: 7 destroyed
                .read(0, 3, 7, 13)
                .build();
        CheckResult r = checker.check(h);
        assertThat(r.validity()).isEqualTo(Validity.INVALID);
        BankReport rep = report(r);
        assertThat(rep.wrongTotalCount()).isEqualTo(2);
        BankReport.WrongTotal first = rep.firstWrongTotal();
        assertThat(first.index()).isEqualTo(7);
        assertThat(first.total()).isEqualTo(23);
        assertThat(first.delta()).isEqualTo(-7);
        assertThat(first.kind()).isEqualTo("money-destroyed");
        assertThat(first.balances()).containsEntry("a2", 13L);
        assertThat(first.partialTransferSuspects()).extracting(BankReport.TransferRef::index).containsExactly(2);
        assertThat(first.partialTransferSuspects().get(0).outcome()).isEqualTo("ok");
        assertThat(r.summary()).contains("op 7 read 23, expected 30, 7 destroyed");
        assertThat(rep.series()).extracting(BankReport.TotalPoint::total).containsExactly(30L, 23L, 23L);
    }

    @Test
    void partialTransferSuspectsPreferTransfersConcurrentWithTheRead() {
        H b = new H().transfer(1, "a0", "a1", 5, OpType.OK);   // completed long before: not concurrent
        b.add(2, OpType.INVOKE, "transfer", Map.of("from", "a1", "to", "a2", "amount", 5L));
        b.add(0, OpType.INVOKE, "read", null);
        b.add(0, OpType.OK, "read", balances(5, 15, 5));      // saw the debit of a1->a2 but not the credit
        b.add(2, OpType.INFO, "transfer", Map.of("from", "a1", "to", "a2", "amount", 5L));
        b.transfer(1, "a0", "a1", 9, OpType.FAIL);
        CheckResult r = checker.check(b.build());
        BankReport.WrongTotal w = report(r).firstWrongTotal();
        assertThat(w.delta()).isEqualTo(-5);
        assertThat(w.partialTransferSuspects()).extracting(BankReport.TransferRef::index).containsExactly(2, 0);
        assertThat(w.partialTransferSuspects().get(0).concurrentWithRead()).isTrue();
        assertThat(w.partialTransferSuspects().get(0).outcome()).isEqualTo("info");
        assertThat(w.partialTransferSuspects().get(1).concurrentWithRead()).isFalse();
    }

    @Test
    void moneyCreatedIsInvalid() {
        CheckResult r = checker.check(new H().read(0, 10, 10, 10).read(3, 15, 10, 10).build());
        assertThat(r.validity()).isEqualTo(Validity.INVALID);
        assertThat(report(r).firstWrongTotal().kind()).isEqualTo("money-created");
        assertThat(report(r).firstWrongTotal().process()).isEqualTo(3);
        assertThat(r.summary()).contains("5 created");
    }

    @Test
    void negativeBalanceIsInvalidEvenWhenTheTotalIsRight() {
        CheckResult r = checker.check(new H().read(0, -2, 22, 10).build());
        assertThat(r.validity()).isEqualTo(Validity.INVALID);
        BankReport rep = report(r);
        assertThat(rep.wrongTotalCount()).isZero();
        assertThat(rep.negativeCount()).isEqualTo(1);
        assertThat(rep.negativeBalances().get(0)).isEqualTo(new BankReport.NegativeBalance(1, 1000, 0, "a0", -2));
        assertThat(r.summary()).contains("a0=-2");
    }

    @Test
    void missingAndUnknownAccountsAreInvalid() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("a0", 10L);
        v.put("a1", 10L);
        v.put("zz", 10L);
        H b = new H();
        b.add(0, OpType.INVOKE, "read", null).add(0, OpType.OK, "read", v);
        CheckResult r = checker.check(b.build());
        assertThat(r.validity()).isEqualTo(Validity.INVALID);
        BankReport.AccountMismatch m = report(r).accountMismatches().get(0);
        assertThat(m.missing()).containsExactly("a2");
        assertThat(m.unknown()).containsExactly("zz");
        assertThat(report(r).wrongTotalCount()).isZero();
    }

    @Test
    void anOkTransferToAnUnknownAccountIsInvalidButAFailedOneIsNot() {
        CheckResult failed = checker.check(new H().transfer(1, "a0", "nope", 1, OpType.FAIL).read(0, 10, 10, 10).build());
        assertThat(failed.validity()).isEqualTo(Validity.VALID);
        CheckResult ok = checker.check(new H().transfer(1, "a0", "nope", 1, OpType.OK).read(0, 10, 10, 10).build());
        assertThat(ok.validity()).isEqualTo(Validity.INVALID);
        assertThat(report(ok).unknownTransfers().get(0).to()).isEqualTo("nope");
    }

    @Test
    void aHistoryWithoutOkReadsIsUnknown() {
        History h = new H().transfer(1, "a0", "a1", 4, OpType.OK)
                .add(0, OpType.INVOKE, "read", null).add(0, OpType.INFO, "read", null).build();
        CheckResult r = checker.check(h);
        assertThat(r.validity()).isEqualTo(Validity.UNKNOWN);
        assertThat(r.summary()).contains("no read completed ok (1 attempted)");
    }

    @Test
    void malformedValuesNameTheOpAndTheField() {
        H badAmount = new H();
        badAmount.add(1, OpType.INVOKE, "transfer", Map.of("from", "a0", "to", "a1", "amount", "five"));
        assertThatThrownBy(() -> checker.check(badAmount.build()))
                .isInstanceOf(HistoryException.class)
                .hasMessageContaining("op 0 (transfer invoke, process 1): field value.amount: expected an integer, got \"five\"");

        H badRead = new H();
        badRead.add(2, OpType.INVOKE, "read", null).add(2, OpType.OK, "read", List.of(1L, 2L));
        assertThatThrownBy(() -> checker.check(badRead.build()))
                .isInstanceOf(HistoryException.class)
                .hasMessageContaining("op 1 (read ok, process 2): field value: expected a map of account to balance");

        H badBalance = new H();
        badBalance.add(2, OpType.INVOKE, "read", null).add(2, OpType.OK, "read", Map.of("a0", 1.5));
        assertThatThrownBy(() -> checker.check(badBalance.build())).hasMessageContaining("field value.a0: expected an integer");
    }

    @Test
    void listsAreCappedButCountsStayExact() {
        H b = new H();
        for (int i = 0; i < BankChecker.MAX_LISTED + 10; i++) b.read(0, 1, 1, 1);
        BankReport rep = report(checker.check(b.build()));
        assertThat(rep.wrongTotalCount()).isEqualTo(BankChecker.MAX_LISTED + 10);
        assertThat(rep.wrongTotals()).hasSize(BankChecker.MAX_LISTED);
        assertThat(rep.series()).hasSize(BankChecker.MAX_LISTED + 10);
    }
}
