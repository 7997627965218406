package dev.faultline.checkers.txn;

import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.HistoryException;
import dev.faultline.checkers.history.Op;
import dev.faultline.checkers.history.OpType;
import java.util.ArrayList;
import java.util.List;

/**
 * The transactions of a history: client ops with {@code f = "txn"} whose value is a list of
 * micro-ops (see {@link MicroOp}). Nemesis ops are ignored. An ok transaction takes its micro-ops
 * from the completion (reads filled in); a failed, indeterminate ({@code info}) or never-completed
 * one from the invocation, with its reads' results unknown (null).
 */
public final class TxnHistory {
    private TxnHistory() {}

    /** @throws HistoryException naming the op and micro-op that is not a transaction */
    public static List<Txn> of(History history) {
        List<Txn> out = new ArrayList<>();
        for (int i = 0; i < history.size(); i++) {
            Op invoke = history.get(i);
            if (invoke.isNemesis() || !invoke.isInvoke()) continue;
            if (!invoke.f().equals("txn")) {
                throw new HistoryException("op " + i + " (process " + invoke.processName() + "): expected a transaction (f txn), found f " + invoke.f(), i);
            }
            int c = history.completion(i);
            Op completion = c < 0 ? null : history.get(c);
            OpType status = completion == null ? OpType.INFO : completion.type();
            Op source = status == OpType.OK ? completion : invoke;
            List<MicroOp> ops = parse(source, status == OpType.OK);
            out.add(new Txn(out.size(), c >= 0 ? c : i, invoke.process(), status, i, c, ops));
        }
        return out;
    }

    private static List<MicroOp> parse(Op op, boolean readsKnown) {
        if (!(op.value() instanceof List<?> list)) {
            throw new HistoryException("op " + op.index() + " (process " + op.processName() + ", txn " + op.type().wireName()
                    + "): expected a list of micro-ops, found " + Txn.show(op.value()), op.index());
        }
        List<MicroOp> ops = new ArrayList<>(list.size());
        for (int j = 0; j < list.size(); j++) {
            MicroOp m;
            try {
                m = MicroOp.parse(list.get(j));
            } catch (IllegalArgumentException e) {
                throw new HistoryException("op " + op.index() + " (process " + op.processName() + ", txn " + op.type().wireName()
                        + "), micro-op " + j + ": " + e.getMessage(), op.index());
            }
            if (m.isRead() && !readsKnown && m.value() != null) m = new MicroOp(m.kind(), m.key(), null);
            ops.add(m);
        }
        return ops;
    }
}
