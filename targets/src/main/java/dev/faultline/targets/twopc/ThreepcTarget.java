package dev.faultline.targets.twopc;

import dev.faultline.harness.spi.SelfTestCase;
import dev.faultline.checkers.result.Validity;
import dev.faultline.workloads.bank.BankWorkload;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --target threepc-bank}: the twopc-bank servers with {@code --protocol 3pc} (three-phase
 * commit with the participants' termination protocol). Same layout, knobs ({@code twopc-bank.*}) and
 * client as twopc-bank. No planted bugs: its partition finding is a property of the protocol.
 */
public final class ThreepcTarget extends CommitBankTarget {
    public static final String NAME = "threepc-bank";

    public ThreepcTarget() {
        super(NAME, true);
    }

    @Override
    public String description() {
        return "the twopc-bank servers running three-phase commit (CanCommit/PreCommit/DoCommit, participants decide on their own "
                + "when the coordinator is gone): non-blocking under crashes, splits under partitions (servers/twopc-bank)";
    }

    @Override
    public Set<String> unsafeSwitches() {
        return Set.of();
    }

    /**
     * The contrast docs/twopc-bank.md shows: crashes only (one node at a time, the coordinator's
     * included) stay valid; a partition that cuts a participant off after it voted yes and before its
     * PreCommit makes the two sides decide differently, caught by the bank checker. The partition case
     * holds every txn for 1 s after the votes, deciding (the test hook: a participant asking hears
     * "pending"), so that several txns are in that window whenever a partition starts; 100 accounts and
     * almost no reads keep transfers from queueing on locks; a 500 ms query timeout lets a cut-off
     * participant back out within about a second, inside most partitions. The final read after the
     * heal sees the split.
     */
    @Override
    public List<SelfTestCase> selfTests() {
        String bank = BankWorkload.NAME;
        return List.of(
                SelfTestCase.safe(bank, List.of("kill"), Map.of("kill.targets", "one", "twopc-bank.decision-timeout-ms", "3000"), 3, 6,
                        Duration.ofSeconds(20), Duration.ofSeconds(5),
                        "3PC under crashes only: participants finish txns without the coordinator and never disagree"),
                new SelfTestCase(bank, Set.of(), List.of("partition"),
                        Map.of("partition.targets", "one", "bank.accounts", "100", "bank.read-fraction", "0.02",
                                "twopc-bank.decision-timeout-ms", "1000", "twopc-bank.query-timeout-ms", "500",
                                "twopc-bank.debug-delay-before-precommit-ms", "1000"), 3, 10,
                        Duration.ofSeconds(25), Duration.ofSeconds(3), Validity.INVALID,
                        "3PC under a partition: the cut-off participant backs out to abort while the coordinator's side "
                                + "goes forward to commit (the protocol's known unsafety, no planted bug)"));
    }
}
