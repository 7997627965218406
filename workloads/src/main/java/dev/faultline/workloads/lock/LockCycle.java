package dev.faultline.workloads.lock;

import dev.faultline.checkers.history.Op;
import dev.faultline.checkers.history.OpType;
import dev.faultline.harness.generator.GenContext;
import dev.faultline.harness.generator.Generator;
import dev.faultline.harness.generator.Step;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One client thread's life with a lock, forever: acquire a random lock; if granted, write to the
 * fenced resource with the token (1..maxWrites times, sometimes renewing in between), then release;
 * if refused, back off and try again. A slow holder (chance {@code slowFraction}) writes only
 * {@code slowFactor × ttl} after its acquire completed: it holds past its lease, which only fencing
 * can make harmless. After an {@code info} the thread's new process starts afresh with an acquire.
 * Used per thread with {@code Generators.eachThread}; it sees only its own thread's events.
 *
 * @param phase      what to emit next
 * @param key        the lock being worked on
 * @param token      the token of the current hold
 * @param writesLeft writes still to do in this hold
 * @param slow       whether this hold's first write is delayed past the lease
 * @param notBefore  earliest time of the next op (backoff or slow sleep), or -1
 * @param serial     counter for write values
 */
record LockCycle(LockWorkloadOptions options, Phase phase, String key, long token, int writesLeft, boolean slow,
                 long notBefore, long serial) implements Generator {

    enum Phase { ACQUIRE, AWAIT_ACQUIRE, HOLD, AWAIT_WRITE, AWAIT_RENEW, AWAIT_RELEASE }

    static LockCycle start(LockWorkloadOptions options) {
        return new LockCycle(options, Phase.ACQUIRE, null, -1, 0, false, -1, 0);
    }

    @Override
    public Step op(GenContext ctx) {
        if (ctx.freeThreads().isEmpty()) return new Step.Pending(this);
        int process = ctx.process(ctx.freeThreads().first());
        long at = Math.max(ctx.time(), notBefore);
        return switch (phase) {
            case ACQUIRE -> {
                List<String> names = options.lockNames();
                String k = names.get(ctx.random().nextInt(names.size()));
                yield emit(process, at, "acquire", k, options.ttlMs(),
                        new LockCycle(options, Phase.AWAIT_ACQUIRE, k, -1, 0, false, -1, serial));
            }
            case HOLD -> {
                if (writesLeft == 0) {
                    yield emit(process, at, "release", key, token,
                            new LockCycle(options, Phase.AWAIT_RELEASE, key, token, 0, slow, -1, serial));
                }
                if (!slow && ctx.random().nextDouble() < options.renewChance()) {
                    yield emit(process, at, "renew", key, token,
                            new LockCycle(options, Phase.AWAIT_RENEW, key, token, writesLeft, slow, -1, serial));
                }
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("token", token);
                v.put("value", "p" + process + "-" + (serial + 1));
                yield emit(process, at, "write", key, v,
                        new LockCycle(options, Phase.AWAIT_WRITE, key, token, writesLeft - 1, slow, -1, serial + 1));
            }
            // Waiting for our own op to complete: the thread is busy, so we are not asked; if we are, wait.
            default -> new Step.Pending(this);
        };
    }

    private static Step emit(int process, long at, String f, String key, Object value, Generator next) {
        return new Step.Emit(new Op(-1, at, process, OpType.INVOKE, f, key, value, null), next);
    }

    @Override
    public Generator update(GenContext ctx, Op event) {
        if (!event.type().isCompletion()) return this;
        long now = event.time() >= 0 ? event.time() : ctx.time();
        if (event.isInfo()) {
            // The process crashed (outcome unknown): its successor starts afresh; any lease it got runs out.
            return new LockCycle(options, Phase.ACQUIRE, null, -1, 0, false, -1, serial);
        }
        return switch (phase) {
            case AWAIT_ACQUIRE -> {
                if (event.isOk() && event.value() instanceof Long t) {
                    boolean isSlow = ctx.random().nextDouble() < options.slowFraction();
                    int writes = 1 + ctx.random().nextInt(options.maxWrites());
                    long wait = isSlow ? (long) (options.slowFactor() * options.ttlMs() * 1_000_000L) : 0;
                    yield new LockCycle(options, Phase.HOLD, key, t, writes, isSlow, isSlow ? now + wait : -1, serial);
                }
                yield new LockCycle(options, Phase.ACQUIRE, null, -1, 0, false, now + options.backoffMs() * 1_000_000L, serial);
            }
            case AWAIT_WRITE, AWAIT_RENEW -> event.isOk()
                    ? new LockCycle(options, Phase.HOLD, key, token, writesLeft, false, -1, serial)
                    // A refused write or renew means the lease is gone: give the lock back (harmless if it is not ours).
                    : new LockCycle(options, Phase.HOLD, key, token, 0, false, -1, serial);
            case AWAIT_RELEASE -> new LockCycle(options, Phase.ACQUIRE, null, -1, 0, false, -1, serial);
            default -> this;
        };
    }
}
