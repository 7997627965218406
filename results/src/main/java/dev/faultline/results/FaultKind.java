package dev.faultline.results;

import java.util.Objects;

/**
 * A kind of fault as its nemesis declares it: the op that opens a window of it, the op that
 * closes it, and the label reports give it. Declared, so reports never guess windows from op names.
 *
 * @param label  "partition", "kill", "clock", ...
 * @param startF the nemesis op that starts the fault (e.g. "start-partition")
 * @param stopF  the nemesis op that ends every open window of it (e.g. "stop-partition")
 */
public record FaultKind(String label, String startF, String stopF) {
    /** The runner's own nemesis op after the main phase (and on interrupt): it ends every fault. */
    public static final String HEAL_F = "heal";

    public FaultKind {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(startF, "startF");
        Objects.requireNonNull(stopF, "stopF");
    }
}
