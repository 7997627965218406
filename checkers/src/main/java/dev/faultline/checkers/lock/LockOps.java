package dev.faultline.checkers.lock;

import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.Op;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The op schema of the lock workload (docs/lock.md) and what the checkers derive from it.
 *
 * <ul>
 *   <li>{@code acquire}: invoke value = lease TTL in ms (a number, or a map with {@code ttlMs});
 *       ok value = the fencing token (a number, or a map with {@code token}).</li>
 *   <li>{@code renew}: invoke value = token; ok value = token.</li>
 *   <li>{@code release}: invoke value = token.</li>
 *   <li>{@code write}: invoke value {@code {"token":t,"value":v}}; ok value {@code {"token":t,"value":v,"seq":s}}.</li>
 * </ul>
 * {@code key} is the lock name (and the name of the resource register the holder writes).
 */
public final class LockOps {
    private LockOps() {
    }

    /**
     * A span of real time during which the service told one client it held a lock: from the
     * acquire's ok until the earliest of the client's next release or acquire invocation and its
     * lease end (acquire invocation + TTL, pushed to renew invocation + TTL by every ok renew).
     * The lease is counted from the <em>invocation</em>: the client cannot know when the grant
     * happened, so that is the latest end it may rely on.
     *
     * @param endedBy "release", "next-acquire" or "lease"
     */
    public record Hold(String key, int process, long token, long acquireIndex, long start, long end, String endedBy) {
    }

    /** One acquire that completed ok. */
    public record Grant(String key, int process, long token, long invokeIndex, long invokeTime, long okIndex, long okTime) {
    }

    /** One write the resource accepted. */
    public record AcceptedWrite(String key, int process, long token, long seq, long index) {
    }

    /** Thrown when the history does not follow the schema; names the op. */
    public static final class SchemaException extends IllegalArgumentException {
        SchemaException(Op op, String what) {
            super("op " + op.index() + " (process " + op.processName() + ", " + op.f() + " " + op.type().wireName()
                    + "): " + what + ", found " + op.value());
        }
    }

    static boolean hasTimes(History h) {
        for (Op op : h) if (!op.isNemesis() && op.time() < 0) return false;
        return true;
    }

    public static List<Grant> grants(History h) {
        List<Grant> out = new ArrayList<>();
        for (Op op : h) {
            if (op.isNemesis() || !op.isOk() || !"acquire".equals(op.f())) continue;
            int inv = h.invocation((int) op.index());
            Op invocation = h.get(inv);
            out.add(new Grant(op.key(), op.process(), number(op, op.value(), "token"), inv, invocation.time(),
                    op.index(), op.time()));
        }
        return out;
    }

    public static List<AcceptedWrite> acceptedWrites(History h) {
        List<AcceptedWrite> out = new ArrayList<>();
        for (Op op : h) {
            if (op.isNemesis() || !op.isOk() || !"write".equals(op.f())) continue;
            if (!(op.value() instanceof Map<?, ?> m)) throw new SchemaException(op, "expected a map with token and seq");
            Object token = m.get("token");
            if (token == null) {
                Object inv = h.get(h.invocation((int) op.index())).value();
                token = inv instanceof Map<?, ?> im ? im.get("token") : null;
            }
            out.add(new AcceptedWrite(op.key(), op.process(), number(op, token, "token"), number(op, m.get("seq"), "seq"),
                    op.index()));
        }
        return out;
    }

    /** Every hold the service acknowledged, per the rules of {@link Hold}. Requires op times. */
    public static List<Hold> holds(History h) {
        record Open(Grant grant, long leaseEnd) {
        }
        Map<String, Open> open = new HashMap<>(); // by process + key
        List<Hold> out = new ArrayList<>();
        for (Op op : h) {
            if (op.isNemesis() || op.key() == null) continue;
            String slot = op.process() + "\u0000" + op.key();
            if (op.isInvoke()) {
                Open o = open.get(slot);
                if (o == null) continue;
                switch (op.f()) {
                    case "release", "acquire" -> {
                        open.remove(slot);
                        boolean byOp = op.time() < o.leaseEnd();
                        out.add(hold(o.grant(), byOp ? op.time() : o.leaseEnd(),
                                byOp ? (op.f().equals("release") ? "release" : "next-acquire") : "lease"));
                    }
                    case "renew" -> {
                        int c = h.completion((int) op.index());
                        if (c >= 0 && h.get(c).isOk()) {
                            long ttl = ttlNanos(h, o.grant());
                            open.put(slot, new Open(o.grant(), Math.max(o.leaseEnd(), op.time() + ttl)));
                        }
                    }
                    default -> {
                    }
                }
            } else if (op.isOk() && "acquire".equals(op.f())) {
                int inv = h.invocation((int) op.index());
                Op invocation = h.get(inv);
                Grant g = new Grant(op.key(), op.process(), number(op, op.value(), "token"), inv, invocation.time(),
                        op.index(), op.time());
                open.put(slot, new Open(g, invocation.time() + ttlNanos(h, g)));
            }
        }
        for (Open o : open.values()) out.add(hold(o.grant(), o.leaseEnd(), "lease"));
        return out;
    }

    /** Holds that cover no time (the acquire answered after the lease had already run out) are dropped by callers. */
    private static Hold hold(Grant g, long end, String endedBy) {
        return new Hold(g.key(), g.process(), g.token(), g.invokeIndex(), g.okTime(), end, endedBy);
    }

    private static long ttlNanos(History h, Grant g) {
        Op invocation = h.get((int) g.invokeIndex());
        return number(invocation, invocation.value(), "ttlMs") * 1_000_000L;
    }

    /** A number, or the number under {@code field} of a map. */
    static long number(Op op, Object v, String field) {
        Object x = v instanceof Map<?, ?> m ? m.get(field) : v;
        if (x instanceof Long l) return l;
        if (x instanceof Integer i) return i;
        throw new SchemaException(op, "expected " + field + " as an integer");
    }
}
