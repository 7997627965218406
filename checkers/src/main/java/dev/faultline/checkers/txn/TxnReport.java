package dev.faultline.checkers.txn;

import dev.faultline.checkers.result.AnomalousOps;

import java.util.List;
import java.util.Map;

/**
 * The evidence of a transactional check ({@code CheckResult.detail()}).
 *
 * @param workload     list-append or rw-register
 * @param consistency  the model checked, e.g. serializable
 * @param transactions transactions in the history (ok, info and fail)
 * @param edges        edges of the dependency graph (one per ordered pair, whatever its types)
 * @param counts       anomalies found, by type, including those the model allows
 * @param forbidden    the types found that the model forbids (the history is invalid if any)
 * @param anomalies    up to {@link TxnChecker#EXPLAINED_PER_TYPE} explained anomalies per type
 * @param gaveUp       cycle searches whose step budget ran out, if any
 */
public record TxnReport(String workload, String consistency, int transactions, int edges, Map<String, Integer> counts,
                        List<String> forbidden, List<Anomaly> anomalies, List<String> gaveUp) implements AnomalousOps {

    /** The history indexes of the transactions in the explained anomalies of a forbidden type. */
    @Override
    public List<Long> anomalousOps() {
        return anomalies.stream()
                .filter(a -> forbidden.contains(a.type()))
                .flatMap(a -> a.txns().stream())
                .map(Txn::indexOfName)
                .filter(i -> i >= 0)
                .toList();
    }
}
