package dev.faultline.checkers.txn;

import java.util.List;

/**
 * One anomaly found in a transactional history.
 *
 * @param type        Elle's name: G0, G1a, G1b, G1c, G-single, G-nonadjacent, G2-item (each
 *                    cycle name may carry a {@code -process} or {@code -realtime} suffix when the
 *                    cycle needs those edges), internal, future-read, duplicate-elements, incompatible-order,
 *                    garbage-read, lost-update, dirty-update, fractured-read
 * @param txns        the transactions involved, by name ({@code T<history index>}), in the order
 *                    the explanation tells them (for a cycle: around the cycle)
 * @param explanation the story in words: the transactions' micro-ops, then why each must come
 *                    before the next
 * @param edges       for a cycle, the type of each edge around it ({@code ww}, {@code wr},
 *                    {@code rw}, {@code process}, {@code realtime}): {@code edges.get(i)} leads
 *                    from {@code txns.get(i)} to the next transaction (the last back to the
 *                    first); empty for an anomaly that is not a cycle. report.html draws it.
 */
public record Anomaly(String type, List<String> txns, String explanation, List<String> edges) {
    public Anomaly {
        txns = List.copyOf(txns);
        edges = List.copyOf(edges);
        if (!edges.isEmpty() && edges.size() != txns.size()) throw new IllegalArgumentException("a cycle has one edge per transaction: " + txns + " " + edges);
    }

    /** An anomaly that is not a cycle. */
    public Anomaly(String type, List<String> txns, String explanation) {
        this(type, txns, explanation, List.of());
    }

    static Anomaly of(String type, String explanation, Txn... txns) {
        return new Anomaly(type, java.util.Arrays.stream(txns).map(Txn::name).toList(), explanation);
    }
}
