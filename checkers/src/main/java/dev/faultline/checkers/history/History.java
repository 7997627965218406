package dev.faultline.checkers.history;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * An immutable, indexed list of ops with O(1) pairing of invocations and completions.
 *
 * <p>Ops are re-indexed densely in list order. Pairing follows the history rules: a process has
 * at most one op in flight; its next completion completes it. An invocation that never completes
 * pairs with nothing ({@link #completion(int)} returns -1): checkers treat it like {@code info}.
 * Nemesis ops pair the same way when they have an invoke/info shape, and are otherwise standalone.
 */
public final class History implements Iterable<Op> {
    private final List<Op> ops;
    private final int[] partner;

    private History(List<Op> ops, int[] partner) {
        this.ops = ops;
        this.partner = partner;
    }

    /**
     * Builds a history, re-indexing ops densely.
     *
     * @throws HistoryException if a client process completes an op it never invoked, or invokes a
     *     second op while one is in flight
     */
    public static History of(List<Op> input) {
        List<Op> ops = new ArrayList<>(input.size());
        int[] partner = new int[input.size()];
        Map<Integer, Integer> inFlight = new HashMap<>();
        for (int i = 0; i < input.size(); i++) {
            Op op = input.get(i);
            if (op.index() != i) op = op.withIndex(i);
            ops.add(op);
            partner[i] = -1;
            Integer open = inFlight.get(op.process());
            if (op.isInvoke()) {
                if (open != null) {
                    if (op.isNemesis()) {
                        inFlight.put(op.process(), i);
                        continue;
                    }
                    throw new HistoryException("op " + i + ": process " + op.processName() + " invokes " + op.f()
                            + " while its op " + open + " (" + ops.get(open).f() + ") is still in flight", i);
                }
                inFlight.put(op.process(), i);
            } else if (open != null) {
                partner[i] = open;
                partner[open] = i;
                inFlight.remove(op.process());
            } else if (!op.isNemesis()) {
                throw new HistoryException("op " + i + ": process " + op.processName() + " completes " + op.f()
                        + " (" + op.type().wireName() + ") but has no op in flight", i);
            }
        }
        return new History(Collections.unmodifiableList(ops), partner);
    }

    public int size() {
        return ops.size();
    }

    public Op get(int index) {
        return ops.get(index);
    }

    public List<Op> ops() {
        return ops;
    }

    /** Index of the completion of the invocation at {@code invokeIndex}, or -1 if it never completed. */
    public int completion(int invokeIndex) {
        return ops.get(invokeIndex).isInvoke() ? partner[invokeIndex] : -1;
    }

    /** Index of the invocation completed by the op at {@code completionIndex}, or -1. */
    public int invocation(int completionIndex) {
        return ops.get(completionIndex).isInvoke() ? -1 : partner[completionIndex];
    }

    /** The history without nemesis ops (re-indexed). */
    public History clientOps() {
        List<Op> out = new ArrayList<>(ops.size());
        for (Op op : ops) if (!op.isNemesis()) out.add(op);
        return of(out);
    }

    public List<Op> nemesisOps() {
        List<Op> out = new ArrayList<>();
        for (Op op : ops) if (op.isNemesis()) out.add(op);
        return out;
    }

    @Override
    public Iterator<Op> iterator() {
        return ops.iterator();
    }
}
