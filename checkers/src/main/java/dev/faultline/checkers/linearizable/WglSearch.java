package dev.faultline.checkers.linearizable;

import dev.faultline.checkers.model.Transition;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The Wing-Gong-Lowe search for one key, in the shape of Porcupine's core.
 *
 * <p>Events (an invocation, or a completion of a known outcome) form a doubly linked list in
 * history order. The search walks it from the head: at an invocation it tries to apply the op to
 * the model; if the op fits and the resulting (linearized set, state) configuration is new, the
 * op is linearized: pushed on a stack and its events lifted out of the list, and the walk restarts
 * at the head. Reaching a completion means that op can no longer be placed: the search pops the
 * last linearized op, puts its events back and tries the next invocation after it. All ops
 * linearized: linearizable. Completion reached with an empty stack: not linearizable.
 *
 * <p>Ops with an unknown outcome ({@code info} or never completed) have no completion event: they
 * may be linearized anywhere after their invocation, or never, and are not required for success.
 *
 * <p>One reduction on top: a read-only op (one that never changes the state, such as a read that
 * returned a value) that fits is linearized at once and never reconsidered. This loses no
 * linearization: if one exists that places the op later, moving the op to the front is also one,
 * since it fits here and changes no state anywhere, and every op not yet linearized completed after
 * it was invoked (its invocation lies before the first completion left in the list). So when the
 * search backtracks over such an op, the configuration before it has failed too, and backtracking
 * continues. (An op that merely happens to leave this state unchanged, such as writing the current
 * value, does not qualify: elsewhere it would change the state.)
 *
 * <p>And one for ops of unknown outcome: two such ops with the same effect (say two timed-out
 * writes of 3) are interchangeable once both are invoked, since neither must take effect by any
 * time. A linearization that places the later-invoked one where the earlier one is still
 * unplaced stays one when the two swap places. So the search places such twins only in
 * invocation order: k pending writes of one value cost k+1 configurations instead of 2^k.
 *
 * <p>Hot loop data are primitive arrays; model states are longs; the visited set is a
 * fingerprint table (see {@link StateCache}).
 */
final class WglSearch {
    enum Verdict { LINEARIZABLE, NOT_LINEARIZABLE, OUT_OF_TIME, OUT_OF_STATES }

    /** What the search saw when it first reached the completion at {@code stopAt}. */
    record Snapshot(int[] linearized, long[] states, int[] pending) {}

    /**
     * @param failingOp    for NOT_LINEARIZABLE: the op whose completion lies furthest in the history
     *                     among those the search reached without being able to linearize them
     * @param statesBefore the distinct states in which it reached that completion
     */
    record Outcome(Verdict verdict, int failingOp, long[] statesBefore, long explored, Snapshot snapshot) {}

    private static final int CHECK_EVERY = 1 << 14;

    private final int n;
    private final int[] returnPos;
    private final Transition[] transitions;
    private final boolean[] readOnly;
    /** For an op of unknown outcome: the closest earlier-invoked one with the same effect, or -1. */
    private final int[] earlierTwin;
    private final boolean[] linearized;
    private final long init;
    private final int required;
    private final long[] zobrist1;
    private final long[] zobrist2;
    // Linked list over events: op i's invocation is event 2i, its completion 2i+1.
    private final int head;
    private final int tail;
    private final int[] next;
    private final int[] prev;

    /**
     * @param invokePos   history position of each op's invocation, ascending
     * @param returnPos   history position of each op's completion, or -1 if its outcome is unknown
     * @param transitions each op's effect on the model
     */
    WglSearch(int[] invokePos, int[] returnPos, Transition[] transitions, long init) {
        this.n = invokePos.length;
        this.returnPos = returnPos;
        this.transitions = transitions;
        this.init = init;
        readOnly = new boolean[n];
        for (int i = 0; i < n; i++) readOnly[i] = transitions[i].readOnly();
        earlierTwin = earlierTwins(returnPos, transitions);
        linearized = new boolean[n];
        SplittableRandom random = new SplittableRandom(0x5EED_F417L);
        zobrist1 = new long[n];
        zobrist2 = new long[n];
        int req = 0;
        long[] events = new long[2 * n];
        int count = 0;
        for (int i = 0; i < n; i++) {
            zobrist1[i] = random.nextLong();
            zobrist2[i] = random.nextLong();
            events[count++] = ((long) invokePos[i] << 32) | (2L * i);
            if (returnPos[i] >= 0) {
                req++;
                events[count++] = ((long) returnPos[i] << 32) | (2L * i + 1);
            }
        }
        required = req;
        Arrays.sort(events, 0, count);
        head = 2 * n;
        tail = 2 * n + 1;
        next = new int[2 * n + 2];
        prev = new int[2 * n + 2];
        int last = head;
        for (int k = 0; k < count; k++) {
            int e = (int) events[k];
            next[last] = e;
            prev[e] = last;
            last = e;
        }
        next[last] = tail;
        prev[tail] = last;
    }

    /**
     * Runs the search.
     *
     * @param deadline  System.nanoTime() after which the search gives up; read as it goes (it may be brought forward)
     * @param maxStates the state budget, shared through {@code liveStates} with concurrent searches
     * @param stopAt    a completion position: return a snapshot the first time it is reached
     *                  (a second, replaying run after NOT_LINEARIZABLE); -1 for none
     */
    Outcome run(LongSupplier deadline, long maxStates, AtomicLong liveStates, int stopAt) {
        StateCache cache = new StateCache();
        int[] stackOp = new int[n];
        long[] stackState = new long[n];
        int depth = 0;
        long state = init;
        long set1 = 0, set2 = 0;
        int remaining = required;
        int furthest = -1, furthestOp = -1;
        long[] statesAtFurthest = new long[LinearizabilityFailure.MAX_STATES];
        int statesAtFurthestCount = 0;
        long reported = 0;
        int entry = next[head];
        try {
            for (int steps = 1; remaining > 0; steps++) {
                if (steps % CHECK_EVERY == 0) {
                    if (System.nanoTime() - deadline.getAsLong() > 0) return new Outcome(Verdict.OUT_OF_TIME, -1, null, cache.size(), null);
                    long live = liveStates.addAndGet(cache.size() - reported);
                    reported = cache.size();
                    if (live > maxStates) return new Outcome(Verdict.OUT_OF_STATES, -1, null, cache.size(), null);
                }
                if (entry == tail) throw new IllegalStateException("search walked past every completion with ops left");
                int op = entry >>> 1;
                if ((entry & 1) == 0) {
                    int twin = earlierTwin[op];
                    if (twin >= 0 && !linearized[twin]) {
                        entry = next[entry];
                        continue;
                    }
                    long after = transitions[op].apply(state);
                    if (after == Transition.INCONSISTENT) {
                        entry = next[entry];
                        continue;
                    }
                    long next1 = set1 ^ zobrist1[op], next2 = set2 ^ zobrist2[op];
                    if (cache.add(next1, next2, after)) {
                        stackOp[depth] = op;
                        stackState[depth++] = state;
                        state = after;
                        set1 = next1;
                        set2 = next2;
                        lift(op);
                        linearized[op] = true;
                        if (returnPos[op] >= 0) remaining--;
                        entry = next[head];
                        continue;
                    }
                    if (!readOnly[op]) {
                        entry = next[entry];
                        continue;
                    }
                    // A read-only op whose successor configuration was explored and failed: this
                    // configuration fails too (see the class comment), so backtrack.
                } else {
                    int pos = returnPos[op];
                    if (pos == stopAt) return new Outcome(Verdict.NOT_LINEARIZABLE, op, null, cache.size(), snapshot(stackOp, stackState, depth, state, entry));
                    if (pos > furthest) {
                        furthest = pos;
                        furthestOp = op;
                        statesAtFurthestCount = 0;
                    }
                    if (pos == furthest && statesAtFurthestCount < statesAtFurthest.length
                            && !contains(statesAtFurthest, statesAtFurthestCount, state)) {
                        statesAtFurthest[statesAtFurthestCount++] = state;
                    }
                }
                // Undo the last choice; undoing a read-only op means its configuration failed too.
                int undone;
                do {
                    if (depth == 0) {
                        return new Outcome(Verdict.NOT_LINEARIZABLE, furthestOp, Arrays.copyOf(statesAtFurthest, statesAtFurthestCount),
                                cache.size(), null);
                    }
                    undone = stackOp[--depth];
                    state = stackState[depth];
                    set1 ^= zobrist1[undone];
                    set2 ^= zobrist2[undone];
                    unlift(undone);
                    linearized[undone] = false;
                    if (returnPos[undone] >= 0) remaining++;
                } while (readOnly[undone]);
                entry = next[2 * undone];
            }
            return new Outcome(Verdict.LINEARIZABLE, -1, null, cache.size(), null);
        } finally {
            liveStates.addAndGet(-reported);
        }
    }

    /**
     * Links each op of unknown outcome to the closest earlier one with provably the same effect: the
     * same guard and target, both known (a constant write, or a cas/guarded step). Ops whose
     * transitions do not describe themselves have no twins.
     */
    private static int[] earlierTwins(int[] returnPos, Transition[] transitions) {
        int[] twins = new int[transitions.length];
        Arrays.fill(twins, -1);
        Map<Effect, Integer> last = new HashMap<>();
        for (int i = 0; i < transitions.length; i++) {
            if (returnPos[i] >= 0) continue;
            Transition t = transitions[i];
            if (t.target() == Transition.UNKNOWN || (t.guard() == Transition.UNKNOWN && !t.ignoresState())) continue;
            Integer previous = last.put(new Effect(t.ignoresState(), t.guard(), t.target()), i);
            if (previous != null) twins[i] = previous;
        }
        return twins;
    }

    private record Effect(boolean anyState, long guard, long target) {}

    private void lift(int op) {
        remove(2 * op);
        if (returnPos[op] >= 0) remove(2 * op + 1);
    }

    /** Restores in the reverse order of {@link #lift} (dancing links). */
    private void unlift(int op) {
        if (returnPos[op] >= 0) restore(2 * op + 1);
        restore(2 * op);
    }

    private void remove(int e) {
        next[prev[e]] = next[e];
        prev[next[e]] = prev[e];
    }

    private void restore(int e) {
        next[prev[e]] = e;
        prev[next[e]] = e;
    }

    private Snapshot snapshot(int[] stackOp, long[] stackState, int depth, long state, int completion) {
        long[] states = Arrays.copyOf(stackState, depth + 1);
        states[depth] = state;
        int[] pending = new int[n];
        int count = 0;
        for (int e = next[head]; e != completion; e = next[e]) {
            if ((e & 1) == 0) pending[count++] = e >>> 1;
        }
        return new Snapshot(Arrays.copyOf(stackOp, depth), states, Arrays.copyOf(pending, count));
    }

    private static boolean contains(long[] a, int count, long v) {
        for (int i = 0; i < count; i++) if (a[i] == v) return true;
        return false;
    }
}
