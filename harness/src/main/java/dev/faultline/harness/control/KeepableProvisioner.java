package dev.faultline.harness.control;

import java.util.List;

/**
 * A provisioner that can leave its machines running after the run ({@code --leave-db-running}): what it
 * creates is marked as kept, so that no later run's cleanup removes it, and it says how to reach the
 * nodes and how to remove them.
 */
public interface KeepableProvisioner extends Provisioner {
    /** From now on, mark what this provisioner creates as kept. Call before {@link #provision}. */
    void keep();

    /** Commands to reach each node of the provisioned cluster, one per line. */
    List<String> reachCommands();

    /** Commands that remove everything this provisioner created. */
    List<String> teardownCommands();
}
