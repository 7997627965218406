package dev.faultline.checkers.bank;

import dev.faultline.checkers.Checker;
import dev.faultline.checkers.bank.BankReport.AccountMismatch;
import dev.faultline.checkers.bank.BankReport.NegativeBalance;
import dev.faultline.checkers.bank.BankReport.TotalPoint;
import dev.faultline.checkers.bank.BankReport.TransferRef;
import dev.faultline.checkers.bank.BankReport.UnknownTransferAccount;
import dev.faultline.checkers.bank.BankReport.WrongTotal;
import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.HistoryException;
import dev.faultline.checkers.history.Op;
import dev.faultline.checkers.result.CheckResult;
import dev.faultline.checkers.result.Validity;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Checks a bank history against the twopc-bank contract (docs/twopc-bank.md): every ok read is a
 * snapshot of all accounts, so it must show exactly the account set, no negative balance, and the
 * expected total. Because reads are snapshots, a read that saw half of a transfer is a read with a
 * wrong total; the report names the transfers whose amount would explain the difference. Reads with
 * the right total and account set are then checked balance by balance ({@link BalanceCheck}): they
 * must reflect every transfer acknowledged before them, no failed one, and some subset of the rest,
 * which catches anomalies that keep the total (a lost acknowledged transfer, a failed one that
 * committed).
 *
 * <p>Ops: {@code f="transfer"} with value {@code {"from":"a1","to":"a2","amount":5}} (only the
 * invocation's value is used); {@code f="read"} whose ok completion's value is a map account to
 * balance. Other ops are ignored. A history with no ok read is {@link Validity#UNKNOWN}.
 */
public final class BankChecker implements Checker {
    /** Entries kept per list in the report (counts stay exact). */
    public static final int MAX_LISTED = 50;
    private static final int MAX_SUSPECTS = 5;

    /** Default limit of the balance search: partial sums held at once for one read. */
    public static final int DEFAULT_SEARCH_LIMIT = 20_000;

    private final Map<String, Long> initialBalances;
    private final Set<String> accounts;
    private final long expectedTotal;
    private final int searchLimit;

    /**
     * @param initialBalances every account's balance before the first transfer
     * @param searchLimit     partial sums the balance search may hold at once for one read; a read
     *                        needing more is undecided
     */
    public BankChecker(Map<String, Long> initialBalances, int searchLimit) {
        if (initialBalances.isEmpty()) throw new IllegalArgumentException("the bank checker needs at least one account");
        if (searchLimit < 1) throw new IllegalArgumentException("the search limit must be >= 1, was " + searchLimit);
        this.initialBalances = new TreeMap<>(initialBalances);
        this.accounts = this.initialBalances.keySet();
        long total = 0;
        for (long b : this.initialBalances.values()) total = Math.addExact(total, b);
        this.expectedTotal = total;
        this.searchLimit = searchLimit;
    }

    /** Every account starts with {@code initialBalance}: the total is accounts times that. */
    public static BankChecker withInitialBalance(Collection<String> accounts, long initialBalance) {
        Map<String, Long> initial = new TreeMap<>();
        for (String a : accounts) initial.put(a, initialBalance);
        return new BankChecker(initial, DEFAULT_SEARCH_LIMIT);
    }

    public BankChecker withSearchLimit(int limit) {
        return new BankChecker(initialBalances, limit);
    }

    @Override
    public String name() {
        return "bank";
    }

    @Override
    public CheckResult check(History history) {
        List<Transfer> transfers = new ArrayList<>();
        List<WrongTotal> wrong = new ArrayList<>();
        List<NegativeBalance> negative = new ArrayList<>();
        List<AccountMismatch> mismatches = new ArrayList<>();
        List<UnknownTransferAccount> unknownTransfers = new ArrayList<>();
        List<TotalPoint> series = new ArrayList<>();
        List<BalanceCheck.Read> checkable = new ArrayList<>();
        int reads = 0;
        int okReads = 0;
        int okTransfers = 0;
        int wrongCount = 0;
        int negativeCount = 0;
        int mismatchCount = 0;
        int unknownTransferCount = 0;

        for (int i = 0; i < history.size(); i++) {
            Op op = history.get(i);
            if (op.isNemesis()) continue;
            if (op.f().equals("transfer") && op.isInvoke()) {
                int done = history.completion(i);
                String outcome = done < 0 ? "none" : history.get(done).type().wireName();
                Transfer t = parseTransfer(op, i, done, outcome);
                transfers.add(t);
                if (outcome.equals("ok")) {
                    okTransfers++;
                    if (!accounts.contains(t.from()) || !accounts.contains(t.to())) {
                        if (unknownTransferCount++ < MAX_LISTED)
                            unknownTransfers.add(new UnknownTransferAccount(i, op.time(), op.process(), t.from(), t.to(), t.amount()));
                    }
                }
            } else if (op.f().equals("read") && op.isInvoke()) {
                reads++;
            } else if (op.f().equals("read") && op.isOk()) {
                okReads++;
                Map<String, Long> balances = parseBalances(op, i);
                long total = 0;
                for (Map.Entry<String, Long> e : balances.entrySet()) {
                    total += e.getValue();
                    if (e.getValue() < 0 && negativeCount++ < MAX_LISTED)
                        negative.add(new NegativeBalance(i, op.time(), op.process(), e.getKey(), e.getValue()));
                }
                series.add(new TotalPoint(op.time(), i, total));
                List<String> missing = new ArrayList<>();
                for (String a : accounts) if (!balances.containsKey(a)) missing.add(a);
                List<String> unknown = new ArrayList<>();
                for (String a : balances.keySet()) if (!accounts.contains(a)) unknown.add(a);
                if ((!missing.isEmpty() || !unknown.isEmpty()) && mismatchCount++ < MAX_LISTED)
                    mismatches.add(new AccountMismatch(i, op.time(), op.process(), missing, unknown));
                if (missing.isEmpty() && unknown.isEmpty() && total == expectedTotal)
                    checkable.add(new BalanceCheck.Read(i, history.invocation(i), op.time(), op.process(), op.processName(), balances));
                if (total != expectedTotal && wrongCount++ < MAX_LISTED) {
                    long delta = total - expectedTotal;
                    wrong.add(new WrongTotal(i, op.time(), op.process(), total, delta, delta > 0 ? "money-created" : "money-destroyed",
                            balances, suspects(history, transfers, i, Math.abs(delta))));
                }
            }
        }

        BalanceCheck.Outcome balances = new BalanceCheck(initialBalances, transfers, searchLimit).check(checkable);
        BankReport report = new BankReport(expectedTotal, List.copyOf(accounts), reads, okReads, transfers.size(), okTransfers,
                wrong.isEmpty() ? null : wrong.get(0), wrongCount, wrong, negativeCount, negative, mismatchCount, mismatches,
                unknownTransferCount, unknownTransfers, balances.anomalyCount(), balances.anomalies(), balances.approximatedCount(),
                balances.approximated(), searchLimit, series);
        return new CheckResult(name(), validity(report), summary(report), report, List.of());
    }

    /** Transfers that may have taken effect before the read completed and whose amount is |delta|. */
    private static List<TransferRef> suspects(History h, List<Transfer> transfers, int readCompletion, long amount) {
        int readInvoke = h.invocation(readCompletion);
        List<TransferRef> out = new ArrayList<>();
        for (Transfer t : transfers) {
            if (t.amount() != amount || t.outcome().equals("fail")) continue;
            boolean concurrent = t.completion() < 0 || t.completion() > readInvoke;
            out.add(new TransferRef(t.index(), t.outcome(), t.from(), t.to(), t.amount(), concurrent));
        }
        out.sort(Comparator.comparing((TransferRef r) -> !r.concurrentWithRead()).thenComparing(r -> -r.index()));
        return out.size() > MAX_SUSPECTS ? List.copyOf(out.subList(0, MAX_SUSPECTS)) : out;
    }

    private static Validity validity(BankReport r) {
        if (r.wrongTotalCount() > 0 || r.negativeCount() > 0 || r.accountMismatchCount() > 0 || r.unknownTransferCount() > 0
                || r.balanceAnomalyCount() > 0)
            return Validity.INVALID;
        return r.okReads() == 0 ? Validity.UNKNOWN : Validity.VALID;
    }

    private static String summary(BankReport r) {
        List<String> problems = new ArrayList<>();
        if (r.wrongTotalCount() > 0) {
            WrongTotal w = r.firstWrongTotal();
            problems.add(r.wrongTotalCount() + " of " + r.okReads() + " ok reads showed a wrong total (first: op " + w.index()
                    + " read " + w.total() + ", expected " + r.expectedTotal() + ", " + Math.abs(w.delta())
                    + (w.delta() > 0 ? " created" : " destroyed") + ")");
        }
        if (r.negativeCount() > 0) problems.add(r.negativeCount() + " negative balance(s) (first: op "
                + r.negativeBalances().get(0).index() + " " + r.negativeBalances().get(0).account() + "="
                + r.negativeBalances().get(0).balance() + ")");
        if (r.accountMismatchCount() > 0) problems.add(r.accountMismatchCount() + " read(s) with missing or unknown accounts (first: op "
                + r.accountMismatches().get(0).index() + " missing " + r.accountMismatches().get(0).missing() + ", unknown "
                + r.accountMismatches().get(0).unknown() + ")");
        if (r.unknownTransferCount() > 0) problems.add(r.unknownTransferCount() + " ok transfer(s) naming unknown accounts");
        if (r.balanceAnomalyCount() > 0) {
            BankReport.UnexplainedRead a = r.balanceAnomalies().get(0);
            problems.add(r.balanceAnomalyCount() + " of " + r.okReads() + " ok reads show balances that no allowed set of transfers explains"
                    + " (first: " + a.kind() + ": " + a.story() + ")");
        }
        String approximated = r.approximatedReadCount() == 0 ? "" : String.format("%d of %d ok reads checked account by account only "
                + "(first: op %d, whose %d concurrent or unknown-outcome transfers outgrew the exact search limit of %,d states)",
                r.approximatedReadCount(), r.okReads(), r.approximatedReads().get(0).index(), r.approximatedReads().get(0).optionalTransfers(),
                r.searchLimit());
        if (!problems.isEmpty()) return String.join("; ", problems) + (approximated.isEmpty() ? "" : "; " + approximated);
        if (r.okReads() == 0) return "no read completed ok (" + r.reads() + " attempted): nothing to check";
        String totals = r.okReads() + " ok reads all showed total " + r.expectedTotal() + " over " + r.accounts().size()
                + " accounts, no negative balance (" + r.okTransfers() + " of " + r.transfers() + " transfers ok)";
        if (!approximated.isEmpty()) return totals + "; " + approximated;
        return totals + ", and balances that the transfers allowed to each read explain";
    }

    private static Transfer parseTransfer(Op op, int index, int completion, String outcome) {
        if (!(op.value() instanceof Map<?, ?> m))
            throw bad(op, index, "value", "expected {\"from\":..,\"to\":..,\"amount\":..}, got " + describe(op.value()));
        return new Transfer(index, string(op, index, m, "from"), string(op, index, m, "to"), integer(op, index, m.get("amount"), "value.amount"),
                completion, outcome, op.process());
    }

    private static String string(Op op, int index, Map<?, ?> m, String field) {
        if (m.get(field) instanceof String s && !s.isEmpty()) return s;
        throw bad(op, index, "value." + field, "expected an account name, got " + describe(m.get(field)));
    }

    private static Map<String, Long> parseBalances(Op op, int index) {
        if (!(op.value() instanceof Map<?, ?> m))
            throw bad(op, index, "value", "expected a map of account to balance, got " + describe(op.value()));
        Map<String, Long> out = new TreeMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String account = String.valueOf(e.getKey());
            out.put(account, integer(op, index, e.getValue(), "value." + account));
        }
        return out;
    }

    private static long integer(Op op, int index, Object v, String field) {
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) return ((Number) v).longValue();
        if (v instanceof Double d && d == Math.rint(d) && !d.isInfinite()) return d.longValue();
        throw bad(op, index, field, "expected an integer, got " + describe(v));
    }

    private static HistoryException bad(Op op, int index, String field, String what) {
        return new HistoryException("op " + index + " (" + op.f() + " " + op.type().wireName() + ", process " + op.processName()
                + "): field " + field + ": " + what);
    }

    private static String describe(Object v) {
        if (v == null) return "null";
        if (v instanceof String s) return "\"" + s + "\"";
        return v + " (" + v.getClass().getSimpleName() + ")";
    }
}
