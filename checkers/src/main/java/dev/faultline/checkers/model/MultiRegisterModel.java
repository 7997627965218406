package dev.faultline.checkers.model;

import dev.faultline.checkers.history.Op;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Knossos's multi-register: named registers updated by transactions whose value is a vector of
 * micro-ops {@code [f k v]}: {@code [read x 1]} or {@code [write y 2]}. A read of nil does not
 * constrain (Knossos semantics). The initial state is a map such as {@code {"x":0,"y":0}};
 * registers it does not name start as nil.
 */
public final class MultiRegisterModel extends ObjectModel<Map<String, Object>> {
    @Override
    public String name() {
        return "multi-register";
    }

    @Override
    protected Map<String, Object> init(Object initial) {
        if (initial == null) return Collections.emptyMap();
        if (!(initial instanceof Map<?, ?> m)) throw new IllegalArgumentException("multi-register initial state must be a map such as {\"x\":0}, found " + initial);
        Map<String, Object> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return Collections.unmodifiableMap(out);
    }

    @Override
    protected void validate(Op invocation, Op completion) {
        microOps(invocation);
        if (completion != null) microOps(completion);
    }

    @Override
    protected boolean unconstrained(Op invocation, Op completion) {
        return microOps(invocation).stream().allMatch(m -> "read".equals(m.get(0)))
                && (completion == null || microOps(completion).stream().allMatch(m -> m.get(2) == null));
    }

    @Override
    protected boolean readOnly(Op invocation, Op completion) {
        return microOps(invocation).stream().allMatch(m -> "read".equals(m.get(0)));
    }

    @Override
    protected Map<String, Object> step(Map<String, Object> state, Op invocation, Op completion) {
        Map<String, Object> next = null;
        for (List<?> m : microOps(completion != null ? completion : invocation)) {
            String k = String.valueOf(m.get(1));
            Object v = m.get(2);
            Map<String, Object> current = next == null ? state : next;
            if ("read".equals(m.get(0))) {
                if (completion != null && v != null && !Objects.equals(v, current.get(k))) return null;
            } else {
                if (next == null) next = new TreeMap<>(state);
                next.put(k, v);
            }
        }
        return next == null ? state : Collections.unmodifiableMap(next);
    }

    private static List<List<?>> microOps(Op op) {
        if (!(op.value() instanceof List<?> list)) throw new IllegalArgumentException("multi-register value must be a vector of [f k v] micro-ops, found " + op.value());
        for (Object m : list) {
            if (!(m instanceof List<?> micro) || micro.size() != 3 || !("read".equals(micro.get(0)) || "write".equals(micro.get(0))))
                throw new IllegalArgumentException("multi-register micro-op must be [read k v] or [write k v], found " + m);
        }
        @SuppressWarnings("unchecked")
        List<List<?>> out = (List<List<?>>) list;
        return out;
    }
}
