package dev.faultline.targets.twopc;

import dev.faultline.harness.spi.SelfTestCase;
import dev.faultline.workloads.bank.BankWorkload;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --target twopc-bank}: our two-phase-commit bank (servers/twopc-bank): a participant on
 * every node, the coordinator on the first; every client talks to the coordinator.
 */
public final class TwopcTarget extends CommitBankTarget {
    public static final String NAME = "twopc-bank";

    public TwopcTarget() {
        super(NAME, false);
    }

    @Override
    public String description() {
        return "Faultline's two-phase-commit bank: a participant (shard of accounts) on every node, the coordinator on the first "
                + "(servers/twopc-bank)";
    }

    @Override
    public Set<String> unsafeSwitches() {
        return TwopcSettings.SWITCHES;
    }

    /**
     * Measured in Docker on a loaded 2-core machine (docs/twopc-bank.md): kills are spaced widely
     * because a killed server JVM took 5-15 s to answer again there; the coordinator's 300 ms pause
     * after the votes widens the window each planted bug needs.
     */
    @Override
    public List<SelfTestCase> selfTests() {
        String bank = BankWorkload.NAME;
        return List.of(
                SelfTestCase.safe(bank, List.of("partition", "kill"), Map.of("kill.targets", "one"), 3, 6,
                        Duration.ofSeconds(40), Duration.ofSeconds(6),
                        "kills of the coordinator's node or a participant's, and partitions, never create or destroy money"),
                SelfTestCase.unsafe(bank, TwopcSettings.NO_DURABLE_PREPARE, List.of("kill"),
                        Map.of("kill.targets", "n2;n3", "twopc-bank.debug-delay-after-prepare-ms", "300"), 3, 6,
                        Duration.ofSeconds(35), Duration.ofSeconds(5),
                        "a participant killed between its yes vote and the commit forgets the vote; its half of the transfer is lost"),
                SelfTestCase.unsafe(bank, TwopcSettings.UNILATERAL_ABORT, List.of("partition"),
                        Map.of("partition.targets", "one", "twopc-bank.decision-timeout-ms", "1000",
                                "twopc-bank.debug-delay-after-prepare-ms", "300"), 3, 6,
                        Duration.ofSeconds(25), Duration.ofSeconds(3),
                        "a cut-off prepared participant aborts on its own while the other side commits"),
                SelfTestCase.unsafe(bank, TwopcSettings.ACK_BEFORE_DECISION, List.of("kill"),
                        // 1 s between the answer and the forced decision: 3 of 3 caught at load 60-70 (2 of 3 with 300 ms)
                        Map.of("kill.targets", "n1", "twopc-bank.debug-delay-after-prepare-ms", "1000"), 3, 6,
                        Duration.ofSeconds(30), Duration.ofSeconds(5),
                        "a coordinator killed between acknowledging a commit and logging it aborts it on recovery: an acknowledged "
                                + "transfer is lost, the total kept (only the balance check sees it)"),
                SelfTestCase.safe(bank, List.of("disk"), Map.of("disk.faults", "lose-unfsynced", "disk.targets", "one"), 3, 6,
                        Duration.ofSeconds(25), Duration.ofSeconds(6),
                        "power loss on one node at a time: forced prepares, decisions and checkpoints survive; no money created or lost"),
                SelfTestCase.unsafe(bank, TwopcSettings.NO_FSYNC, List.of("disk"), Map.of("disk.faults", "lose-unfsynced", "disk.targets", "all"), 3, 6,
                        Duration.ofSeconds(25), Duration.ofSeconds(6),
                        "nothing forced: a power loss of the cluster takes back acknowledged transfers (balances no transfer set explains)"));
    }
}
