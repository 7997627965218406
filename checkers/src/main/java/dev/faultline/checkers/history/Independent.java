package dev.faultline.checkers.history;

import java.util.ArrayList;
import java.util.List;

/**
 * Jepsen's {@code jepsen.independent} histories carry the key inside the value, as a tuple
 * {@code [key value]}. This moves it to {@link Op#key()} so the checker can split by key.
 */
public final class Independent {
    private Independent() {}

    /**
     * @throws HistoryException naming the op if a client op's value is not a {@code [key value]} pair
     */
    public static History split(History history) {
        List<Op> out = new ArrayList<>(history.size());
        for (Op op : history) {
            if (op.isNemesis()) {
                out.add(op);
                continue;
            }
            if (!(op.value() instanceof List<?> tuple) || tuple.size() != 2 || tuple.get(0) == null) {
                throw new HistoryException("op " + op.index() + " (process " + op.processName() + ", " + op.f()
                        + "): expected an independent [key value] tuple, found " + op.value(), op.index());
            }
            out.add(new Op(op.index(), op.time(), op.process(), op.type(), op.f(), String.valueOf(tuple.get(0)), tuple.get(1), op.error()));
        }
        return History.of(out);
    }
}
