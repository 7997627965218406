package dev.faultline.checkers.linearizable;

import dev.faultline.checkers.model.Transition;
import java.util.HashMap;
import java.util.Map;

/**
 * Finds ops of unknown outcome ({@code info}, or never completed) that provably cannot matter, so
 * the search need not carry them. Such ops may be linearized anywhere after their invocation or
 * not at all, and a history with many of them is where WGL searches blow up: every subset of them
 * that has been linearized is a different configuration.
 *
 * <p>Two rules, applied until neither drops anything, using what transitions say about themselves
 * ({@link Transition#guard}, {@link Transition#target}, {@link Transition#ignoresState}):
 * <ol>
 *   <li>Never applicable: the op can take effect only in state g, g is not the initial state and
 *       no other op can lead to g. (A cas expecting a value that nothing writes.)
 *   <li>Unobservable: the op always leads to state t, no other op can take effect in t except ops
 *       that ignore the state. From t the only moves are state-ignoring ops, which end where they
 *       would have ended without the op; so leaving the op out loses no linearization. (A write of
 *       a value that nobody reads or expects.) This needs every other op to either name its guard
 *       or ignore the state.
 * </ol>
 */
final class OptionalOps {
    private OptionalOps() {}

    /**
     * @param optional which ops have an unknown outcome
     * @return which ops to keep
     */
    static boolean[] relevant(Transition[] transitions, boolean[] optional, long init) {
        int n = transitions.length;
        boolean[] keep = new boolean[n];
        java.util.Arrays.fill(keep, true);
        Map<Long, Integer> leadTo = new HashMap<>();
        Map<Long, Integer> guardedBy = new HashMap<>();
        int unknownTarget = 0;
        int opaque = 0; // ops that depend on the state without naming their guard
        for (Transition t : transitions) {
            if (t.target() == Transition.UNKNOWN) unknownTarget++;
            else leadTo.merge(t.target(), 1, Integer::sum);
            if (t.guard() != Transition.UNKNOWN) guardedBy.merge(t.guard(), 1, Integer::sum);
            else if (!t.ignoresState()) opaque++;
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = 0; i < n; i++) {
                if (!keep[i] || !optional[i]) continue;
                Transition t = transitions[i];
                long g = t.guard(), target = t.target();
                boolean neverApplicable = g != Transition.UNKNOWN && g != init && unknownTarget == 0
                        && leadTo.getOrDefault(g, 0) - (target == g ? 1 : 0) == 0;
                boolean selfOpaque = g == Transition.UNKNOWN && !t.ignoresState();
                boolean unobservable = target != Transition.UNKNOWN && opaque - (selfOpaque ? 1 : 0) == 0
                        && guardedBy.getOrDefault(target, 0) - (g == target ? 1 : 0) == 0;
                if (!neverApplicable && !unobservable) continue;
                keep[i] = false;
                changed = true;
                if (target == Transition.UNKNOWN) unknownTarget--;
                else leadTo.merge(target, -1, Integer::sum);
                if (g != Transition.UNKNOWN) guardedBy.merge(g, -1, Integer::sum);
                else if (selfOpaque) opaque--;
            }
        }
        return keep;
    }
}
