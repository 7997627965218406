package dev.faultline.checkers.model;

import dev.faultline.checkers.history.Op;
import java.util.List;
import java.util.Objects;

/**
 * One key of a key-value store (the checker splits a history by key, so the model sees one key's
 * operations): {@code get}/{@code read} returns the value or nil if absent, {@code put}/{@code write v},
 * {@code append s} (string concatenation; absent counts as empty) and {@code cas [old new]} where
 * old nil means "absent". Values are strings or integers. Unlike the register models, a read of nil
 * is a real observation: the key was absent.
 */
public final class KvModel extends ObjectModel<KvModel.Value> {
    /** The key's value; {@code v} null when absent. */
    public record Value(Object v) {
        @Override
        public String toString() {
            return v == null ? "absent" : String.valueOf(v);
        }
    }

    @Override
    public String name() {
        return "kv";
    }

    @Override
    protected Value init(Object initial) {
        return new Value(initial);
    }

    @Override
    protected void validate(Op invocation, Op completion) {
        switch (invocation.f()) {
            case "get", "read", "put", "write" -> {}
            case "append" -> {
                if (!(invocation.value() instanceof String)) throw new IllegalArgumentException("kv append value must be a string, found " + invocation.value());
            }
            case "cas" -> {
                if (!(invocation.value() instanceof List<?> pair) || pair.size() != 2)
                    throw new IllegalArgumentException("kv cas value must be [old new], found " + invocation.value());
            }
            default -> throw new IllegalArgumentException("model kv has no operation '" + invocation.f() + "' (expected get, put, append, cas)");
        }
    }

    @Override
    protected boolean unconstrained(Op invocation, Op completion) {
        return completion == null && (invocation.f().equals("get") || invocation.f().equals("read"));
    }

    @Override
    protected Value step(Value state, Op invocation, Op completion) {
        switch (invocation.f()) {
            case "get", "read" -> {
                return Objects.equals(state.v(), completion.value()) ? state : null;
            }
            case "put", "write" -> {
                return new Value(invocation.value());
            }
            case "append" -> {
                if (state.v() != null && !(state.v() instanceof String)) return null;
                String before = state.v() == null ? "" : (String) state.v();
                return new Value(before + invocation.value());
            }
            default -> {
                List<?> pair = (List<?>) invocation.value();
                return Objects.equals(state.v(), pair.get(0)) ? new Value(pair.get(1)) : null;
            }
        }
    }
}
