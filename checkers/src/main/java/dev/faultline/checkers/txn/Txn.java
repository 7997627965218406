package dev.faultline.checkers.txn;

import dev.faultline.checkers.history.OpType;
import java.util.List;
import java.util.Map;

/**
 * One transaction of a history.
 *
 * @param id       dense number, 0-based, in order of invocation
 * @param index    the history index of the completion (of the invocation, for a transaction
 *                 that never completed); the name {@code T<index>}, as in Elle
 * @param process  the process that ran it
 * @param status   {@link OpType#OK} committed, {@link OpType#FAIL} aborted, {@link OpType#INFO}
 *                 unknown (it may or may not have committed; its reads are unknown)
 * @param invoke   history index of the invocation
 * @param complete history index of the completion, or -1 if it never completed
 * @param ops      the micro-ops: the completion's for ok, the invocation's otherwise
 */
public record Txn(int id, long index, int process, OpType status, long invoke, long complete, List<MicroOp> ops) {
    public Txn {
        ops = List.copyOf(ops);
    }

    public boolean ok() {
        return status == OpType.OK;
    }

    public boolean failed() {
        return status == OpType.FAIL;
    }

    /** Committed or possibly committed: its writes may be visible. */
    public boolean mayCommit() {
        return status != OpType.FAIL;
    }

    public String name() {
        return "T" + index;
    }

    /** The history index a {@link #name()} stands for, or -1 if {@code name} is not one. */
    static long indexOfName(String name) {
        if (name.length() < 2 || name.charAt(0) != 'T') return -1;
        try {
            return Long.parseLong(name, 1, name.length(), 10);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** {@code T12 = process 3, ok: [append 5 3] [r 6 [1 2]]}. */
    public String describe() {
        StringBuilder sb = new StringBuilder(name()).append(" = process ").append(process).append(", ")
                .append(status == OpType.INFO ? "indeterminate (info)" : status == OpType.FAIL ? "aborted (fail)" : "ok").append(":");
        for (MicroOp m : ops) sb.append(' ').append(m);
        return sb.toString();
    }

    /** EDN-like rendering of a value: lists as {@code [1 2]}, null as {@code nil}. */
    static String show(Object v) {
        if (v == null) return "nil";
        if (v instanceof List<?> l) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) sb.append(' ');
                sb.append(show(l.get(i)));
            }
            return sb.append(']').toString();
        }
        if (v instanceof Map<?, ?> m) return m.toString();
        return v.toString();
    }
}
