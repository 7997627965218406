package dev.faultline.checkers.lock;

import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.Op;
import dev.faultline.checkers.history.OpType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Hand-made lock histories; times are given in ms and stored in ns. */
final class LockHistoryBuilder {
    private final List<Op> ops = new ArrayList<>();
    private boolean timed = true;

    LockHistoryBuilder untimed() {
        timed = false;
        return this;
    }

    LockHistoryBuilder op(long ms, int process, OpType type, String f, String key, Object value) {
        ops.add(new Op(-1, timed ? ms * 1_000_000L : -1, process, type, f, key, value,
                type == OpType.FAIL || type == OpType.INFO ? "test" : null));
        return this;
    }

    /** An acquire of {@code key} with {@code ttlMs}, invoked at {@code inv}, ok at {@code ok} with {@code token}. */
    LockHistoryBuilder acquired(int p, String key, long ttlMs, long inv, long ok, long token) {
        return op(inv, p, OpType.INVOKE, "acquire", key, ttlMs).op(ok, p, OpType.OK, "acquire", key, token);
    }

    LockHistoryBuilder acquireInvoke(int p, String key, long ttlMs, long inv) {
        return op(inv, p, OpType.INVOKE, "acquire", key, ttlMs);
    }

    LockHistoryBuilder released(int p, String key, long token, long inv, long done, OpType outcome) {
        return op(inv, p, OpType.INVOKE, "release", key, token).op(done, p, outcome, "release", key, token);
    }

    LockHistoryBuilder renewed(int p, String key, long token, long inv, long done, OpType outcome) {
        return op(inv, p, OpType.INVOKE, "renew", key, token).op(done, p, outcome, "renew", key, token);
    }

    LockHistoryBuilder wrote(int p, String key, long token, String value, long inv, long done, long seq) {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("token", token);
        in.put("value", value);
        Map<String, Object> out = new LinkedHashMap<>(in);
        out.put("seq", seq);
        return op(inv, p, OpType.INVOKE, "write", key, in).op(done, p, OpType.OK, "write", key, out);
    }

    LockHistoryBuilder nemesis(long ms, String f) {
        ops.add(new Op(-1, timed ? ms * 1_000_000L : -1, Op.NEMESIS, OpType.INFO, f, null, null, null));
        return this;
    }

    History build() {
        return History.of(ops);
    }
}
