package dev.faultline.checkers.bank;

import java.util.List;
import java.util.Map;

/**
 * The bank checker's evidence ({@code CheckResult.detail()}). Lists are capped at
 * {@link BankChecker#MAX_LISTED} entries; the {@code *Count} fields hold the full counts. The series
 * holds every ok read.
 *
 * @param expectedTotal        the sum every read must show
 * @param accounts             the account set every read must show exactly
 * @param reads                read invocations
 * @param okReads              reads that completed ok (the ones checked)
 * @param transfers            transfer invocations
 * @param okTransfers          transfers that completed ok
 * @param firstWrongTotal      the first ok read (history order) whose total differs, or null
 * @param wrongTotalCount      how many ok reads showed a wrong total
 * @param wrongTotals          those reads
 * @param negativeCount        how many (read, account) pairs were negative
 * @param negativeBalances     those balances
 * @param accountMismatchCount how many ok reads lacked an account or showed an unknown one
 * @param accountMismatches    those reads
 * @param unknownTransferCount how many ok transfers named an account outside the set
 * @param unknownTransfers     those transfers
 * @param balanceAnomalyCount  how many ok reads (with the right total and account set) showed balances
 *                             that no allowed set of transfers explains
 * @param balanceAnomalies     those reads, each told as a story
 * @param approximatedReadCount how many ok reads outgrew the exact balance search and were checked
 *                             account by account only (sound, weaker)
 * @param approximatedReads    those reads
 * @param searchLimit          the balance search's limit: partial sums held at once, per read
 * @param series               (time, total) of every ok read, for a plot of the total over time
 */
public record BankReport(
        long expectedTotal,
        List<String> accounts,
        int reads,
        int okReads,
        int transfers,
        int okTransfers,
        WrongTotal firstWrongTotal,
        int wrongTotalCount,
        List<WrongTotal> wrongTotals,
        int negativeCount,
        List<NegativeBalance> negativeBalances,
        int accountMismatchCount,
        List<AccountMismatch> accountMismatches,
        int unknownTransferCount,
        List<UnknownTransferAccount> unknownTransfers,
        int balanceAnomalyCount,
        List<UnexplainedRead> balanceAnomalies,
        int approximatedReadCount,
        List<ApproximatedRead> approximatedReads,
        int searchLimit,
        List<TotalPoint> series) implements dev.faultline.checkers.result.AnomalousOps {

    /** The listed reads with a wrong total, negative balances, wrong accounts or unexplained balances, and transfers to unknown accounts. */
    @Override
    public List<Long> anomalousOps() {
        List<Long> out = new java.util.ArrayList<>();
        if (firstWrongTotal != null) out.add((long) firstWrongTotal.index());
        if (wrongTotals != null) wrongTotals.forEach(w -> out.add((long) w.index()));
        if (negativeBalances != null) negativeBalances.forEach(n -> out.add((long) n.index()));
        if (accountMismatches != null) accountMismatches.forEach(a -> out.add((long) a.index()));
        if (unknownTransfers != null) unknownTransfers.forEach(u -> out.add((long) u.index()));
        if (balanceAnomalies != null) balanceAnomalies.forEach(u -> out.add((long) u.index()));
        return out;
    }

    /**
     * An ok read whose balances do not sum to the expected total: money was created
     * ({@code delta > 0}) or destroyed. Reads are snapshots by design, so a read that saw only half
     * of a transfer shows up here too; {@code partialTransferSuspects} lists transfers (ok or info,
     * invoked before the read completed) whose amount equals {@code |delta|}, concurrent ones first.
     */
    public record WrongTotal(int index, long time, int process, long total, long delta, String kind,
                             Map<String, Long> balances, List<TransferRef> partialTransferSuspects) {}

    /** A transfer op: its invocation index, its completion type (ok, fail, info, or none), and its value. */
    public record TransferRef(int index, String outcome, String from, String to, long amount, boolean concurrentWithRead) {}

    /**
     * An ok read whose balances are not the initial ones plus every transfer acknowledged before it
     * began plus some of the transfers it overlaps or whose outcome is unknown. {@code kind}:
     * {@code lost-acknowledged-transfer} (explained if one acknowledged transfer, a culprit, had not
     * taken effect), {@code failed-transfer-applied} (explained if one definitely failed transfer had
     * taken effect), or {@code unexplained-balances}. {@code unexplained} maps each account whose
     * balance differs from the acknowledged transfers' result to that difference (shown minus expected).
     */
    public record UnexplainedRead(int index, long time, int process, String kind, String story,
                                  Map<String, Long> unexplained, List<TransferRef> culprits) {}

    /** An ok read whose exact balance search outgrew the limit with this many optional transfers. */
    public record ApproximatedRead(int index, long time, int process, int optionalTransfers) {}

    public record NegativeBalance(int index, long time, int process, String account, long balance) {}

    public record AccountMismatch(int index, long time, int process, List<String> missing, List<String> unknown) {}

    public record UnknownTransferAccount(int index, long time, int process, String from, String to, long amount) {}

    /** One point of the total-over-time plot: the completion time and index of an ok read. */
    public record TotalPoint(long time, int index, long total) {}
}
