package dev.faultline.checkers.txn;

import dev.faultline.checkers.history.Edn;
import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.Op;
import dev.faultline.checkers.history.OpType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds transactional histories from EDN micro-ops: {@code txn(0, "[[:append :x 1] [:r :y [1]]]")}. */
final class TxnHistoryBuilder {
    private final List<Op> ops = new ArrayList<>();
    private final Map<Integer, Object> pending = new HashMap<>();

    /** Invokes a transaction whose completion will carry {@code edn} (the invocation has its reads nil). */
    TxnHistoryBuilder invoke(int process, String edn) {
        Object value = Edn.parse(edn, "test");
        pending.put(process, value);
        ops.add(new Op(-1, ops.size(), process, OpType.INVOKE, "txn", null, blankReads(value), null));
        return this;
    }

    TxnHistoryBuilder ok(int process) {
        return complete(process, OpType.OK);
    }

    TxnHistoryBuilder fail(int process) {
        return complete(process, OpType.FAIL);
    }

    TxnHistoryBuilder info(int process) {
        return complete(process, OpType.INFO);
    }

    private TxnHistoryBuilder complete(int process, OpType type) {
        Object value = pending.remove(process);
        if (value == null) throw new IllegalStateException("process " + process + " has nothing in flight");
        ops.add(new Op(-1, ops.size(), process, type, "txn", null, type == OpType.OK ? value : blankReads(value), null));
        return this;
    }

    /** An ok transaction, invoked and completed back to back. */
    TxnHistoryBuilder txn(int process, String edn) {
        return invoke(process, edn).ok(process);
    }

    History build() {
        return History.of(ops);
    }

    static Object blankReads(Object value) {
        List<Object> out = new ArrayList<>();
        for (Object m : (List<?>) value) {
            List<?> l = (List<?>) m;
            out.add(l.get(0).equals("r") ? Arrays.asList("r", l.get(1), null) : l);
        }
        return out;
    }
}
