package dev.faultline.checkers.linearizable;

import java.util.List;

/**
 * Why one key's history is not linearizable: the furthest point any linearization reached.
 *
 * @param key            the key (null for an unkeyed history)
 * @param op             history index of the completion of the op that cannot be linearized
 * @param invocation     history index of that op's invocation
 * @param process        its process
 * @param description    the op in words, e.g. "process 70: read -> 0"
 * @param linearized     invocation indices of the ops of the longest linearizable prefix found,
 *                       in linearization order (at most the last {@value #MAX_PREFIX})
 * @param omitted        how many earlier linearized ops are left out of {@code linearized}
 * @param states         the model state before each op of {@code linearized}, then the state after
 *                       the last one (so one more entry than {@code linearized})
 * @param statesBefore   every distinct model state (up to {@value #MAX_STATES}) in which the
 *                       search reached the op; it fits none of them
 * @param pending        invocation indices of the ops invoked before the op completed and not in
 *                       the prefix: no order of them makes the op fit
 */
public record LinearizabilityFailure(String key, long op, long invocation, String process, String description,
        List<Long> linearized, long omitted, List<String> states, List<String> statesBefore, List<Long> pending)
        implements dev.faultline.checkers.result.AnomalousOps {
    public static final int MAX_PREFIX = 10_000;
    public static final int MAX_STATES = 16;

    /** The op that cannot be linearized: its invocation and completion. */
    @Override
    public List<Long> anomalousOps() {
        return List.of(invocation, op);
    }
}
