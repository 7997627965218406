package dev.faultline.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.Op;

/** Short human text for ops and values. */
final class OpText {
    private static final int MAX = 160;

    private OpText() {}

    /** "k1: [1,2] → [1,2] (timeout)", or "k1 → 3" for a read: key, argument, result (if it differs), error. */
    static String pair(History h, int invoke, int completion) {
        return pair(h, invoke, completion, true);
    }

    static String pair(History h, int invoke, int completion, boolean withKey) {
        Op in = h.get(invoke);
        Op out = completion >= 0 ? h.get(completion) : null;
        StringBuilder b = new StringBuilder();
        if (withKey && in.key() != null) b.append(in.key());
        if (in.value() != null) b.append(b.length() > 0 ? ": " : "").append(value(in.value()));
        if (out != null && out.isOk() && !java.util.Objects.equals(out.value(), in.value())) {
            b.append(b.length() > 0 ? " → " : "→ ").append(value(out.value()));
        }
        if (out != null && out.error() != null) b.append(b.length() > 0 ? " (" : "(").append(out.error()).append(')');
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
