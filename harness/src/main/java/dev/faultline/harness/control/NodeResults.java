package dev.faultline.harness.control;

import dev.faultline.checkers.history.Op;
import dev.faultline.checkers.history.OpType;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a fault did on each node: results of the nodes where it worked and the reasons for the
 * nodes where it failed, both in the order the nodes were given (cluster order).
 */
public record NodeResults<T>(Map<String, T> done, Map<String, String> failed) {
    public NodeResults {
        done = Collections.unmodifiableMap(new LinkedHashMap<>(done));
        failed = Collections.unmodifiableMap(new LinkedHashMap<>(failed));
    }

    public boolean allOk() {
        return failed.isEmpty();
    }

    /** "n2: reason; n4: reason", or null when every node succeeded. */
    public String error() {
        if (failed.isEmpty()) return null;
        return failed.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining("; "));
    }

    /** The info completion of {@code invocation} with {@code value} and this result's error. */
    public Op complete(Op invocation, Object value) {
        return invocation.complete(OpType.INFO, value, error());
    }

    /** The info completion whose value is the per-node results themselves. */
    public Op complete(Op invocation) {
        return complete(invocation, new LinkedHashMap<String, Object>(done));
    }

    /** Throws if any node failed (for heal paths, which have no history record to carry the error). */
    public NodeResults<T> orThrow(String what) {
        if (!failed.isEmpty()) throw new NodesFailedException(what + " failed on " + failed.size() + " node(s): " + error());
        return this;
    }
}
