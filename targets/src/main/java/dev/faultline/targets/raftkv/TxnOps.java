package dev.faultline.targets.raftkv;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Transactions' micro-ops between the history ({@code [f, k, v]} lists) and the server's JSON. */
final class TxnOps {
    static final String TXN = "txn";

    private TxnOps() {
    }

    /** True if every micro-op is a read: such a transaction changes nothing. */
    static boolean readOnly(Object value) {
        if (!(value instanceof List<?> ops)) return false;
        for (Object m : ops) {
            if (!(m instanceof List<?> micro) || micro.isEmpty() || !"r".equals(micro.get(0))) return false;
        }
        return true;
    }

    /**
     * The server's answer {@code [[f, k, v], ...]} as history values: integers as Long, lists as
     * lists of Long (the types the workload wrote), so written and read values compare equal.
     */
    static List<Object> results(JsonNode ops) {
        if (ops == null || !ops.isArray()) throw new IllegalArgumentException("txn answer without an \"ops\" array: " + ops);
        List<Object> out = new ArrayList<>(ops.size());
        for (JsonNode m : ops) {
            if (!m.isArray() || m.size() != 3) throw new IllegalArgumentException("txn answer has a bad micro-op: " + m);
            out.add(Arrays.asList(m.get(0).asText(), value(m.get(1)), value(m.get(2))));
        }
        return out;
    }

    private static Object value(JsonNode n) {
        if (n.isArray()) {
            List<Object> list = new ArrayList<>(n.size());
            for (JsonNode e : n) list.add(KvHttp.value(e));
            return list;
        }
        return KvHttp.value(n);
    }
}
