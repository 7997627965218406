package dev.faultline.nemesis;

import dev.faultline.harness.control.ExecResult;
import dev.faultline.harness.control.Node;

import java.time.Duration;

/** Runs the shell scripts faults use on nodes (quoting: {@link dev.faultline.harness.control.Shell}). */
public final class NodeScripts {
    private NodeScripts() {
    }

    /** Runs {@code script} on {@code node} and returns its stdout, or throws with the script's stderr. */
    public static String run(Node node, String what, String script, Duration timeout) {
        ExecResult r = node.remote().sh(script, timeout);
        r.orThrow(what + " on " + node.name());
        return r.stdout();
    }
}
