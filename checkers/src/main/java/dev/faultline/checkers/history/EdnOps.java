package dev.faultline.checkers.history;

import java.util.List;
import java.util.Map;

/** Turns a Jepsen/Knossos op map (already read by {@link EdnReader}, keywords as strings) into an {@link Op}. */
final class EdnOps {
    private EdnOps() {}

    /** @throws IllegalArgumentException naming the field at fault */
    static Op fromMap(Object form) {
        if (!(form instanceof Map<?, ?> m)) throw new IllegalArgumentException("expected an op map, found " + describe(form));
        OpType type;
        Object t = m.get("type");
        if (!(t instanceof String ts)) throw new IllegalArgumentException("field :type: expected :invoke, :ok, :fail or :info, found " + describe(t));
        try {
            type = OpType.fromWireName(ts);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field :type: " + e.getMessage());
        }
        Object f = m.get("f");
        if (f == null) throw new IllegalArgumentException("field :f: missing");
        if (f instanceof List || f instanceof Map) throw new IllegalArgumentException("field :f: expected a keyword, found " + describe(f));
        return new Op(longField(m, "index"), longField(m, "time"), process(m.get("process")), type, String.valueOf(f),
                m.get("key") == null ? null : String.valueOf(m.get("key")), m.get("value"), error(m.get("error")));
    }

    static int process(Object p) {
        if (p instanceof Long l && l >= 0 && l <= Integer.MAX_VALUE) return (int) l.longValue();
        if ("nemesis".equals(p)) return Op.NEMESIS;
        throw new IllegalArgumentException("field :process: expected a non-negative integer or :nemesis, found " + describe(p));
    }

    private static long longField(Map<?, ?> m, String field) {
        Object v = m.get(field);
        if (v == null) return -1;
        if (v instanceof Long l) return l;
        throw new IllegalArgumentException("field :" + field + ": expected an integer, found " + describe(v));
    }

    /** Jepsen errors are arbitrary data ({@code :timeout}, {@code [:not-found "k"]}): keep a readable string. */
    private static String error(Object e) {
        if (e == null) return null;
        return e instanceof String s ? s : String.valueOf(e);
    }

    private static String describe(Object v) {
        if (v == null) return "nothing";
        return v.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + " " + v;
    }
}
