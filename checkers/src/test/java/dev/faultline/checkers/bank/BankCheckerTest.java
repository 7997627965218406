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
                .transfer(1, "a1", "a2", 10, OpType.OK)
                .add(2, OpType.INVOKE, "read", null).add(2, OpType.FAIL, "read", null)
                .add(Op.NEMESIS, OpType.INFO, "kill", "p2")
                .read(0, 6, 4, 20)
                .build();
        CheckResult r = checker.check(h);
        assertThat(r.validity()).as(r.summary()).isEqualTo(Validity.VALID);
        assertThat(r.checker()).isEqualTo("bank");
        BankReport rep = report(r);
        assertThat(rep.expectedTotal()).isEqualTo(30);
        assertThat(rep.reads()).isEqualTo(4);
        assertThat(rep.okReads()).isEqualTo(3);
        assertThat(rep.transfers()).isEqualTo(3);
        assertThat(rep.okTransfers()).isEqualTo(2);
        assertThat(rep.balanceAnomalyCount()).isZero();
        assertThat(rep.series()).extracting(BankReport.TotalPoint::total).containsExactly(30L, 30L, 30L);
        assertThat(rep.series()).extracting(BankReport.TotalPoint::time).containsExactly(1000L, 5000L, 14000L);
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

    private static Map<String, Object> transferValue(String from, String to, long amount) {
        return Map.of("from", from, "to", to, "amount", amount);
    }

    @Test
    void anAcknowledgedTransferMissingFromALaterReadIsALostTransferEvenThoughTheTotalIsRight() {
        History h = new H()
                .read(0, 10, 10, 10)
                .transfer(1, "a0", "a1", 4, OpType.OK)     // ops 2, 3: acknowledged
                .read(0, 6, 14, 10)
                .read(0, 10, 10, 10)                         // ops 6, 7: rolled back
                .build();
        CheckResult r = checker.check(h);
        assertThat(r.validity()).isEqualTo(Validity.INVALID);
        BankReport rep = report(r);
        assertThat(rep.wrongTotalCount()).isZero();
        assertThat(rep.balanceAnomalyCount()).isEqualTo(1);
        BankReport.UnexplainedRead a = rep.balanceAnomalies().get(0);
        assertThat(a.index()).isEqualTo(7);
        assertThat(a.kind()).isEqualTo("lost-acknowledged-transfer");
        assertThat(a.culprits()).extracting(BankReport.TransferRef::index).containsExactly(2);
        assertThat(a.unexplained()).containsEntry("a0", 4L).containsEntry("a1", -4L).doesNotContainKey("a2");
        assertThat(a.story()).contains("transfer op 2 (a0->a1 4)", "acknowledged ok at op 3", "before the read began (op 6)",
                "the acknowledged transfer was lost");
        assertThat(r.summary()).contains("1 of 3 ok reads show balances that no allowed set of transfers explains",
                "lost-acknowledged-transfer");
    }

    @Test
    void aDefinitelyFailedTransferThatTookEffectIsInvalid() {
        History h = new H()
                .transfer(1, "a2", "a0", 3, OpType.FAIL)   // ops 0, 1
                .read(0, 13, 10, 7)
                .build();
        CheckResult r = checker.check(h);
        assertThat(r.validity()).isEqualTo(Validity.INVALID);
        BankReport.UnexplainedRead a = report(r).balanceAnomalies().get(0);
        assertThat(a.kind()).isEqualTo("failed-transfer-applied");
        assertThat(a.culprits()).extracting(BankReport.TransferRef::index).containsExactly(0);
        assertThat(a.culprits().get(0).outcome()).isEqualTo("fail");
        assertThat(a.story()).contains("transfer op 0 (a2->a0 3)", "failed at op 1", "took effect");
    }

    @Test
    void aReadCannotReflectATransferInvokedAfterItCompleted() {
        History h = new H()
                .read(0, 9, 11, 10)                         // shows a0->a1 1 before anyone asked for it
                .transfer(1, "a0", "a1", 1, OpType.OK)
                .build();
        CheckResult r = checker.check(h);
        assertThat(r.validity()).isEqualTo(Validity.INVALID);
        BankReport.UnexplainedRead a = report(r).balanceAnomalies().get(0);
        assertThat(a.kind()).isEqualTo("unexplained-balances");
        assertThat(a.unexplained()).containsEntry("a0", -1L).containsEntry("a1", 1L);
        assertThat(a.story()).contains("no combination", "a0 -1", "a1 +1");
    }

    @Test
    void concurrentAndUnknownOutcomeTransfersMayOrMayNotBeReflected() {
        H b = new H();
        b.add(1, OpType.INVOKE, "transfer", transferValue("a0", "a1", 2));   // 0: ok, concurrent with read 1
        b.add(2, OpType.INVOKE, "transfer", transferValue("a1", "a2", 5));   // 1: info, took effect
        b.add(3, OpType.INVOKE, "transfer", transferValue("a2", "a0", 7));   // 2: info, never took effect
        b.add(2, OpType.INFO, "transfer", transferValue("a1", "a2", 5));
        b.add(3, OpType.INFO, "transfer", transferValue("a2", "a0", 7));
        b.add(0, OpType.INVOKE, "read", null);
        b.add(0, OpType.OK, "read", balances(10, 5, 15));                    // without op 0, with op 1
        b.add(4, OpType.INVOKE, "read", null);
        b.add(4, OpType.OK, "read", balances(8, 7, 15));                     // with op 0 and op 1
        b.add(1, OpType.OK, "transfer", transferValue("a0", "a1", 2));
        b.add(4, OpType.INVOKE, "transfer", transferValue("a0", "a2", 1));   // 10: never completes
        b.add(0, OpType.INVOKE, "read", null);
        b.add(0, OpType.OK, "read", balances(7, 7, 16));                     // op 0 acked before: included; op 10 too
        CheckResult r = checker.check(b.build());
        assertThat(r.validity()).as(r.summary()).isEqualTo(Validity.VALID);
        assertThat(report(r).balanceAnomalyCount()).isZero();
        assertThat(report(r).approximatedReadCount()).isZero();
    }

    @Test
    void manyUnknownOutcomeTransfersAreSearchedExactlyWhileTheSearchFits() {
        List<String> accounts = List.of("a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9");
        BankChecker bank = BankChecker.withInitialBalance(accounts, 1000);
        H b = new H();
        long[] bal = new long[10];
        java.util.Arrays.fill(bal, 1000);
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        for (int i = 0; i < 40; i++) {
            int from = random.nextInt(10), to = (from + 1 + random.nextInt(9)) % 10;
            long amount = 1 + random.nextInt(5);
            OpType outcome = random.nextInt(3) == 0 ? OpType.OK : OpType.INFO;
            if (outcome == OpType.OK || random.nextBoolean()) { bal[from] -= amount; bal[to] += amount; }
            b.transfer(1 + i, "a" + from, "a" + to, amount, outcome);
        }
        b.read(0, bal);
        CheckResult valid = bank.check(b.build());
        assertThat(valid.validity()).as(valid.summary()).isEqualTo(Validity.VALID);

        bal[0] += 100;
        bal[1] -= 100;                                      // no transfer moves 100 from a1 to a0
        CheckResult invalid = bank.check(b.read(0, bal).build());
        assertThat(invalid.validity()).as(invalid.summary()).isEqualTo(Validity.INVALID);
        assertThat(report(invalid).balanceAnomalyCount()).isEqualTo(1);
    }

    @Test
    void whenTheSearchOutgrowsItsLimitEachAccountIsCheckedAloneAndTheReadCountedAsApproximated() {
        List<String> accounts = List.of("a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9");
        BankChecker bank = BankChecker.withInitialBalance(accounts, 1000).withSearchLimit(1_000);
        // Distinct amounts back and forth between a0 and a1: every subset sum differs, so the exact
        // search holds 2^k partial sums and gives up at 1,000.
        H b = new H();
        for (int i = 0; i < 30; i++) b.transfer(1 + i, i % 2 == 0 ? "a0" : "a1", i % 2 == 0 ? "a1" : "a0", 4L << i, OpType.INFO);
        long[] bal = new long[10];
        java.util.Arrays.fill(bal, 1000);
        bal[0] += (4L << 1) + (4L << 7);               // ops 2 and 14 (a1->a0) took effect
        bal[1] -= (4L << 1) + (4L << 7);
        CheckResult r = bank.check(b.read(0, bal).build());
        assertThat(r.validity()).as(r.summary()).isEqualTo(Validity.VALID);
        BankReport rep = report(r);
        assertThat(rep.approximatedReadCount()).isEqualTo(1);
        assertThat(rep.approximatedReads().get(0).index()).isEqualTo(61);
        assertThat(rep.approximatedReads().get(0).optionalTransfers()).isEqualTo(30);
        assertThat(r.summary()).contains("1 of 1 ok reads checked account by account only", "30 concurrent or unknown-outcome transfers",
                "exact search limit of 1,000 states");

        bal[0] += 3;                                    // every amount is a multiple of 4: a0 alone cannot get here
        bal[1] -= 3;
        CheckResult bad = bank.check(b.read(0, bal).build());
        assertThat(bad.validity()).as(bad.summary()).isEqualTo(Validity.INVALID);
        assertThat(report(bad).balanceAnomalies().get(0).index()).isEqualTo(63);
    }

    /**
     * A strictly serializable bank simulated op by op: transfers take effect when they complete ok,
     * info ones half of the time, reads show the state at their completion.
     */
    static History simulatedBank(long seed, int ops, int processes, double infoRate) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        long[] state = new long[10];
        java.util.Arrays.fill(state, 100);
        Op[] inFlight = new Op[processes];
        int[] id = new int[processes];
        for (int p = 0; p < processes; p++) id[p] = p;
        List<Op> out = new ArrayList<>();
        while (out.size() < ops) {
            int w = random.nextInt(processes);
            Op inv = inFlight[w];
            if (inv == null) {
                Object v = null;
                String f = "read";
                if (random.nextBoolean()) {
                    int from = random.nextInt(10), to = (from + 1 + random.nextInt(9)) % 10;
                    v = transferValue("a" + from, "a" + to, 1 + random.nextInt(5));
                    f = "transfer";
                }
                inFlight[w] = Op.invoke(id[w], f, null, v);
                out.add(inFlight[w]);
                continue;
            }
            inFlight[w] = null;
            if (inv.f().equals("read")) {
                Map<String, Object> b = new LinkedHashMap<>();
                for (int i = 0; i < 10; i++) b.put("a" + i, state[i]);
                out.add(inv.ok(b));
                continue;
            }
            Map<?, ?> v = (Map<?, ?>) inv.value();
            int from = Integer.parseInt(((String) v.get("from")).substring(1)), to = Integer.parseInt(((String) v.get("to")).substring(1));
            long amount = ((Number) v.get("amount")).longValue();
            boolean info = random.nextDouble() < infoRate;
            boolean apply = state[from] >= amount && (!info || random.nextBoolean());
            if (apply) {
                state[from] -= amount;
                state[to] += amount;
            }
            if (info) {
                out.add(inv.info("timeout"));
                id[w] += processes;
            } else {
                out.add(apply ? inv.ok(v) : inv.fail("insufficient-funds"));
            }
        }
        return History.of(out);
    }

    @Test
    void simulatedSerializableBanksAreValidAndALostTransferInThemIsFound() {
        BankChecker bank = BankChecker.withInitialBalance(List.of("a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9"), 100);
        for (long seed = 1; seed <= 5; seed++) {
            History h = simulatedBank(seed, 4_000, 8, 0.01);
            CheckResult r = bank.check(h);
            assertThat(r.validity()).as("seed %d: %s", seed, r.summary()).isEqualTo(Validity.VALID);
        }
    }

    @Test
    void aLongSimulatedBankWithHundredsOfUnknownOutcomeTransfersIsCheckedExactly() {
        BankChecker bank = BankChecker.withInitialBalance(List.of("a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9"), 100);
        History h = simulatedBank(1, 20_000, 8, 0.1);
        long info = h.ops().stream().filter(o -> o.f().equals("transfer") && o.type() == OpType.INFO).count();
        assertThat(info).isGreaterThan(450);
        CheckResult r = bank.check(h);
        assertThat(r.validity()).as(r.summary()).isEqualTo(Validity.VALID);
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
