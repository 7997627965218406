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
 *
 * <p>States are value ids, numbered when ops are compiled (appends number their results as the
 * search meets them), so the search compares longs.
 */
public final class KvModel implements Model {
    @Override
    public String name() {
        return "kv";
    }

    @Override
    public Machine machine(Object initial) {
        return new KvMachine(initial);
    }

    private static final class KvMachine implements Machine {
        private final Interner<Object> values = new Interner<>();

        KvMachine(Object initial) {
            values.id(initial);
        }

        @Override
        public long init() {
            return 0;
        }

        @Override
        public Transition transition(Op invocation, Op completion) {
            Object arg = invocation.value();
            switch (invocation.f()) {
                case "get", "read" -> {
                    if (completion == null) return Transition.IDENTITY;
                    long v = values.id(completion.value());
                    return Transition.guarded(v, v);
                }
                case "put", "write" -> {
                    return Transition.constant(values.id(arg));
                }
                case "cas" -> {
                    if (!(arg instanceof List<?> pair) || pair.size() != 2)
                        throw new IllegalArgumentException("kv cas value must be [old new], found " + arg);
                    return Transition.guarded(values.id(pair.get(0)), values.id(pair.get(1)));
                }
                case "append" -> {
                    if (!(arg instanceof String suffix)) throw new IllegalArgumentException("kv append value must be a string, found " + arg);
                    return new Transition() {
                        private long lastIn = -1;
                        private long lastOut;

                        @Override
                        public long apply(long state) {
                            if (state == lastIn) return lastOut;
                            Object current = values.value(state);
                            long out = current == null ? values.id(suffix)
                                    : current instanceof String s ? values.id(s + suffix)
                                    : INCONSISTENT; // cannot append to a number
                            lastIn = state;
                            lastOut = out;
                            return out;
                        }
                    };
                }
                default -> throw new IllegalArgumentException("model kv has no operation '" + invocation.f() + "' (expected get, put, append, cas)");
            }
        }

        @Override
        public String describe(long state) {
            Object v = values.value(state);
            return v == null ? "absent" : Objects.toString(v);
        }
    }
}
