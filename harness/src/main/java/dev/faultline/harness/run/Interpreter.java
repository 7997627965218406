package dev.faultline.harness.run;

import dev.faultline.checkers.history.Op;
import dev.faultline.harness.generator.Context;
import dev.faultline.harness.generator.Generator;
import dev.faultline.harness.generator.Generators;
import dev.faultline.harness.generator.Step;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;

/**
 * Runs generators against worker threads in real time, after Jepsen's interpreter: one thread
 * asks the generator for ops, records each invocation, hands it to the worker of its thread,
 * records each completion, and tells the generator about both. Client threads are
 * 0..concurrency-1; the nemesis thread is {@link Op#NEMESIS}. An op that does not complete within
 * its timeout is recorded as {@code info}; its worker is abandoned and replaced by a fresh one
 * (fresh client) under a fresh process.
 *
 * <p>The process numbering carries over between {@link #run} calls (main phase, final phase).
 */
public final class Interpreter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Interpreter.class);
    /** How long to wait for a completion when the generator is pending and threads are free. */
    private static final long PENDING_POLL_NANOS = 2_000_000;
    /** How long to wait when every thread is busy (only a completion or the clock can change that). */
    private static final long BUSY_POLL_NANOS = 50_000_000;
    /** After an interrupt, how long in-flight ops may still complete into the history. */
    private static final long STOP_GRACE_NANOS = 2_000_000_000L;

    private final HistoryRecorder recorder;
    private final LongSupplier clock;
    private final IntFunction<Worker> clientWorkers;
    private final Worker nemesisWorker;
    private final long clientTimeoutNanos;
    private final long nemesisTimeoutNanos;
    private final BlockingQueue<Completion> completions = new LinkedBlockingQueue<>();
    private final Map<Integer, Slot> slots = new HashMap<>();
    private final Map<Integer, InFlight> inFlight = new HashMap<>();
    private Context ctx;

    private record Completion(int thread, long generation, Op op) {
    }

    private record InFlight(Op invocation, long startedNanos, long generation) {
    }

    /**
     * @param clientWorkers makes the worker of a client thread (called again for a fresh worker after a timeout)
     * @param nemesisWorker the nemesis thread's worker, or null for a run without nemesis thread
     * @param clock         nanoseconds since the run began (the history's time base)
     */
    public Interpreter(HistoryRecorder recorder, int concurrency, IntFunction<Worker> clientWorkers, Worker nemesisWorker,
                       long seed, Duration clientTimeout, Duration nemesisTimeout, LongSupplier clock) {
        this.recorder = recorder;
        this.clock = clock;
        this.clientWorkers = clientWorkers;
        this.nemesisWorker = nemesisWorker;
        this.clientTimeoutNanos = clientTimeout.toNanos();
        this.nemesisTimeoutNanos = nemesisTimeout.toNanos();
        this.ctx = Context.initial(concurrency, nemesisWorker != null, seed);
        for (int t = 0; t < concurrency; t++) slots.put(t, new Slot(t, 0, clientWorkers.apply(t)));
        if (nemesisWorker != null) slots.put(Op.NEMESIS, new Slot(Op.NEMESIS, 0, nemesisWorker));
    }

    /**
     * Runs {@code gen} until it is exhausted and every op it started has completed, until
     * {@code stop} says so, or until {@code maxDuration} has passed (then in-flight ops get their
     * usual timeout to complete).
     *
     * @return true if the generator ran to its end, false if it was cut short
     */
    public boolean run(Generator generator, Duration maxDuration, BooleanSupplier stop) throws InterruptedException {
        gen = generator;
        long deadline = clock.getAsLong() + maxDuration.toNanos();
        long giveUpAt = Long.MAX_VALUE;
        boolean finished = true;
        boolean dispatching = true;
        while (true) {
            drain(0);
            expireTimeouts();
            long now = clock.getAsLong();
            if (dispatching && (stop.getAsBoolean() || now >= deadline)) {
                dispatching = false;
                finished = false;
                boolean interrupted = stop.getAsBoolean();
                if (interrupted) giveUpAt = now + STOP_GRACE_NANOS;
                log.info("{}: no more ops; {} op(s) in flight", interrupted ? "interrupted" : "phase time limit reached", inFlight.size());
            }
            if (!dispatching) {
                if (inFlight.isEmpty() || now >= giveUpAt) return false;
                if (stop.getAsBoolean() && giveUpAt == Long.MAX_VALUE) giveUpAt = now + STOP_GRACE_NANOS;
                drain(BUSY_POLL_NANOS);
                continue;
            }
            Step step = gen.op(ctx.withTime(now));
            if (step instanceof Step.Exhausted) {
                if (inFlight.isEmpty()) return finished;
                drain(BUSY_POLL_NANOS);
            } else if (step instanceof Step.Pending p) {
                if (p.next() != null) gen = p.next();
                drain(ctx.freeThreads().isEmpty() ? BUSY_POLL_NANOS : PENDING_POLL_NANOS);
            } else {
                Step.Emit e = (Step.Emit) step;
                Op op = e.op();
                if (op.process() == Generators.LOG_PROCESS) {
                    log.info("{}", op.value());
                    gen = e.next();
                    continue;
                }
                long wait = Math.min(op.time(), deadline) - now;
                if (wait > 0) {
                    if (drain(wait) > 0) continue; // a completion changed the picture: ask again
                    if (clock.getAsLong() >= deadline) continue;
                }
                dispatch(op, e.next());
            }
        }
    }

    /** The generator of the current run; completions update it. */
    private Generator gen;

    private void dispatch(Op op, Generator next) {
        int thread = ctx.thread(op.process());
        if (thread == -2 || !ctx.freeThreads().contains(thread)) {
            throw new IllegalStateException("the generator emitted " + op.f() + " for process " + op.process()
                    + ", which has no free thread (" + ctx + ")");
        }
        long now = clock.getAsLong();
        Op invocation = recorder.record(op.withTime(now));
        ctx = ctx.withTime(now).busy(thread);
        Slot slot = slots.get(thread);
        inFlight.put(thread, new InFlight(invocation, now, slot.generation));
        gen = next.update(ctx, invocation);
        slot.inbox.add(invocation);
    }

    /** Waits up to {@code nanos} for a completion, then handles every available one; returns how many. */
    private int drain(long nanos) throws InterruptedException {
        Completion c = nanos > 0 ? completions.poll(nanos, TimeUnit.NANOSECONDS) : completions.poll();
        int n = 0;
        while (c != null) {
            if (handle(c)) n++;
            c = completions.poll();
        }
        return n;
    }

    private boolean handle(Completion c) {
        InFlight f = inFlight.get(c.thread);
        if (f == null || f.generation != c.generation) {
            log.debug("dropping a late completion from an abandoned worker: {}", c.op);
            return false;
        }
        complete(c.thread, c.op);
        return true;
    }

    private void complete(int thread, Op completion) {
        long now = clock.getAsLong();
        Op recorded = recorder.record(completion.withTime(now));
        inFlight.remove(thread);
        ctx = ctx.withTime(now).free(thread);
        gen = gen.update(ctx, recorded);
        if (recorded.isInfo()) ctx = ctx.withNextProcess(thread);
    }

    private void expireTimeouts() {
        long now = clock.getAsLong();
        for (var entry : Map.copyOf(inFlight).entrySet()) {
            int thread = entry.getKey();
            InFlight f = entry.getValue();
            long limit = thread == Op.NEMESIS ? nemesisTimeoutNanos : clientTimeoutNanos;
            if (now - f.startedNanos <= limit) continue;
            log.warn("thread {} did not complete {} within {} ms; recording info and replacing its worker",
                    thread, f.invocation.f(), limit / 1_000_000);
            Slot old = slots.get(thread);
            old.abandon();
            Worker fresh = thread == Op.NEMESIS ? nemesisWorker : clientWorkers.apply(thread);
            slots.put(thread, new Slot(thread, old.generation + 1, fresh));
            complete(thread, f.invocation.info("timeout: no answer within " + limit / 1_000_000 + " ms"));
        }
    }

    /** Stops every worker thread and closes the workers. */
    @Override
    public void close() {
        for (Slot s : slots.values()) s.stop();
        for (Slot s : slots.values()) s.join(Duration.ofSeconds(5));
    }

    /** One worker thread. Abandoned slots finish their op in the background and are then dropped. */
    private final class Slot {
        final int thread;
        final long generation;
        final Worker worker;
        final BlockingQueue<Op> inbox = new ArrayBlockingQueue<>(1);
        final Thread runner;
        volatile boolean stopped;

        Slot(int thread, long generation, Worker worker) {
            this.thread = thread;
            this.generation = generation;
            this.worker = worker;
            this.runner = new Thread(this::loop, (thread == Op.NEMESIS ? "nemesis" : "client-" + thread) + (generation == 0 ? "" : "-" + generation));
            runner.setDaemon(true);
            runner.start();
        }

        private void loop() {
            try {
                while (!stopped) {
                    Op invocation = inbox.poll(100, TimeUnit.MILLISECONDS);
                    if (invocation == null) continue;
                    Op completion = worker.invoke(invocation);
                    completions.add(new Completion(thread, generation, completion));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                if (worker != nemesisWorker) worker.close();
            }
        }

        void abandon() {
            stopped = true;
            runner.interrupt();
        }

        void stop() {
            stopped = true;
        }

        void join(Duration d) {
            try {
                runner.join(d.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
