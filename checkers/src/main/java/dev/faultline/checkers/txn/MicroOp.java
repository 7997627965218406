package dev.faultline.checkers.txn;

import java.util.List;

/**
 * One step of a transaction: {@code [append k v]}, {@code [w k v]}, or {@code [r k v]} where a
 * read's value is a list (list-append), a single value (rw-register), or null when the read's
 * result is unknown (an invocation, or a transaction that did not complete ok).
 */
public record MicroOp(Kind kind, Object key, Object value) {
    public enum Kind {
        APPEND("append"), WRITE("w"), READ("r");

        private final String wireName;

        Kind(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    public boolean isRead() {
        return kind == Kind.READ;
    }

    /**
     * Decodes {@code [f k v]} as read from JSONL or EDN: f is {@code append}, {@code r} or
     * {@code read}, {@code w} or {@code write}.
     *
     * @throws IllegalArgumentException saying what is wrong with the micro-op
     */
    static MicroOp parse(Object form) {
        if (!(form instanceof List<?> l) || l.size() != 3) throw new IllegalArgumentException("expected a micro-op [f key value], found " + Txn.show(form));
        Kind kind = switch (String.valueOf(l.get(0))) {
            case "append" -> Kind.APPEND;
            case "r", "read" -> Kind.READ;
            case "w", "write" -> Kind.WRITE;
            default -> throw new IllegalArgumentException("micro-op " + Txn.show(form) + ": unknown function '" + l.get(0) + "' (expected append, r or w)");
        };
        Object key = l.get(1);
        if (key == null || key instanceof List || key instanceof java.util.Map) {
            throw new IllegalArgumentException("micro-op " + Txn.show(form) + ": the key must be a number or a string");
        }
        if (kind != Kind.READ && l.get(2) == null) throw new IllegalArgumentException("micro-op " + Txn.show(form) + ": writes nil");
        return new MicroOp(kind, key, l.get(2));
    }

    @Override
    public String toString() {
        return "[" + kind.wireName + " " + Txn.show(key) + " " + Txn.show(value) + "]";
    }
}
