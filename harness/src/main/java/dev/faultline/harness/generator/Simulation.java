package dev.faultline.harness.generator;

import dev.faultline.checkers.history.Op;
import dev.faultline.checkers.history.OpType;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * A deterministic, virtual-time interpreter for generators: no threads, no sleeping. Every
 * dispatched op completes after {@code latency(op)} virtual nanoseconds with the completion
 * {@code outcome(op)} returns. It follows the same rules as the real runner (processes, fresh
 * process after info, update order), so generator schedules can be tested and previewed exactly.
 */
public final class Simulation {
    /** Virtual time the simulation lets pass when the generator is pending and nothing is in flight. */
    public static final long TICK_NANOS = 1_000_000;

    private final int concurrency;
    private final boolean withNemesis;
    private final long seed;
    private ToLongFunction<Op> latency = op -> 1_000_000;
    private Function<Op, Op> outcome = op -> op.ok(op.value());
    private long maxTime = Long.MAX_VALUE;
    private int maxOps = 1_000_000;

    public Simulation(int concurrency, boolean withNemesis, long seed) {
        this.concurrency = concurrency;
        this.withNemesis = withNemesis;
        this.seed = seed;
    }

    /** How long each op takes (virtual nanoseconds). */
    public Simulation latency(ToLongFunction<Op> latency) {
        this.latency = latency;
        return this;
    }

    /** The completion of each invocation (ok with the same value by default). */
    public Simulation outcome(Function<Op, Op> outcome) {
        this.outcome = outcome;
        return this;
    }

    /** Stops the run (without completing ops in flight) once virtual time passes this. */
    public Simulation maxTime(long nanos) {
        this.maxTime = nanos;
        return this;
    }

    /** Stops after this many invocations; a guard against generators that never end. */
    public Simulation maxOps(int n) {
        this.maxOps = n;
        return this;
    }

    /** The messages of {@link Generators#log} ops seen, in order, after {@link #run}. */
    public List<String> logs() {
        return logs;
    }

    private final List<String> logs = new ArrayList<>();

    private record Pending(long at, long seq, int thread, Op completion) {
    }

    /** Runs {@code gen} to exhaustion and returns the history (invocations and completions, indexed). */
    public List<Op> run(Generator gen) {
        logs.clear();
        Context ctx = Context.initial(concurrency, withNemesis, seed);
        PriorityQueue<Pending> inFlight = new PriorityQueue<>((a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
        List<Op> history = new ArrayList<>();
        long time = 0;
        long seq = 0;
        int invocations = 0;
        while (time <= maxTime) {
            Step step = gen.op(ctx.withTime(time));
            if (step instanceof Step.Exhausted) {
                if (inFlight.isEmpty()) break;
                Pending p = inFlight.poll();
                time = Math.max(time, p.at);
                ctx = complete(ctx.withTime(time), p, history);
                gen = gen.update(ctx, history.get(history.size() - 1));
                ctx = afterUpdate(ctx, p);
                continue;
            }
            if (step instanceof Step.Pending pend) {
                gen = pend.next() == null ? gen : pend.next();
                if (inFlight.isEmpty()) {
                    time += TICK_NANOS;
                } else {
                    Pending p = inFlight.poll();
                    time = Math.max(time, p.at);
                    ctx = complete(ctx.withTime(time), p, history);
                    gen = gen.update(ctx, history.get(history.size() - 1));
                    ctx = afterUpdate(ctx, p);
                }
                continue;
            }
            Step.Emit emit = (Step.Emit) step;
            Op op = emit.op();
            if (op.process() == Generators.LOG_PROCESS) {
                logs.add(String.valueOf(op.value()));
                gen = emit.next();
                continue;
            }
            if (!inFlight.isEmpty() && inFlight.peek().at <= op.time()) {
                Pending p = inFlight.poll();
                time = Math.max(time, p.at);
                ctx = complete(ctx.withTime(time), p, history);
                gen = gen.update(ctx, history.get(history.size() - 1));
                ctx = afterUpdate(ctx, p);
                continue; // the emitted op is discarded: ask again with the completion known
            }
            if (invocations >= maxOps) break;
            time = Math.max(time, op.time());
            if (time > maxTime) break;
            int thread = ctx.thread(op.process());
            if (thread == -2 || !ctx.freeThreads().contains(thread)) {
                throw new IllegalStateException("generator emitted " + op + " for a process with no free thread; " + ctx);
            }
            Op invocation = op.withTime(time).withIndex(history.size());
            history.add(invocation);
            invocations++;
            ctx = ctx.withTime(time).busy(thread);
            gen = emit.next().update(ctx, invocation);
            Op completion = outcome.apply(invocation);
            inFlight.add(new Pending(time + latency.applyAsLong(invocation), seq++, thread, completion));
        }
        return history;
    }

    private static Context complete(Context ctx, Pending p, List<Op> history) {
        Op c = p.completion;
        if (!c.type().isCompletion()) c = new Op(-1, -1, c.process(), OpType.INFO, c.f(), c.key(), c.value(), "not a completion");
        history.add(c.withTime(ctx.time()).withIndex(history.size()));
        return ctx.free(p.thread);
    }

    private static Context afterUpdate(Context ctx, Pending p) {
        return p.completion.isInfo() ? ctx.withNextProcess(p.thread) : ctx;
    }
}
