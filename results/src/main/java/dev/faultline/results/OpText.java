package dev.faultline.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.Op;

/** Short human text for ops and values. */
final class OpText {
    private static final int MAX = 160;

    private OpText() {}

    /** "k1: [1,2] → [1,2] (timeout)": key, argument, result (if it differs), error. */
    static String pair(History h, int invoke, int completion) {
        Op in = h.get(invoke);
        Op out = completion >= 0 ? h.get(completion) : null;
        StringBuilder b = new StringBuilder();
        if (in.key() != null) b.append(in.key()).append(": ");
        b.append(value(in.value()));
        if (out != null && out.isOk() && !java.util.Objects.equals(out.value(), in.value())) b.append(" → ").append(value(out.value()));
        if (out != null && out.error() != null) b.append(" (").append(out.error()).append(')');
        return cut(b.toString());
    }

    static String value(Object v) {
        if (v == null) return "nil";
        if (v instanceof String s) return s;
        try {
            return Json.mapper().writeValueAsString(v);
        } catch (JsonProcessingException e) {
            return String.valueOf(v);
        }
    }

    static String cut(String s) {
        return s.length() <= MAX ? s : s.substring(0, MAX - 1) + "…";
    }
}
