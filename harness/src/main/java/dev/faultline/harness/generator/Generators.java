package dev.faultline.harness.generator;

import dev.faultline.checkers.history.Op;
import dev.faultline.checkers.history.OpType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.function.LongFunction;
import java.util.stream.IntStream;

/**
 * Generator combinators after Jepsen's {@code jepsen.generator}. Every generator is immutable:
 * asking it for an op returns the op and a successor. The interpreter commits a successor only
 * when it dispatches the op (or, for {@link Step.Pending}, when it waits); an op whose time lies in
 * the future may be discarded and asked for again after a completion.
 *
 * <p>Leaf generators ({@link #op}, {@link #fn}) fill in the op's process (a random free thread's
 * process in the current, possibly restricted, context) and time (now); when no thread is free
 * they are pending. Write templates with {@link #invoke(String, String, Object)}.
 */
public final class Generators {
    /** Process placeholder in op templates: the leaf generator picks a free process. */
    public static final int ANY_PROCESS = Integer.MIN_VALUE;
    /** Process of the pseudo-op {@link #log} emits; interpreters log its value and record nothing. */
    public static final int LOG_PROCESS = Integer.MIN_VALUE + 1;

    private Generators() {
    }

    // ---------------------------------------------------------------- leaves

    /** An op template: the leaf that emits it fills in process and time. */
    public static Op invoke(String f, String key, Object value) {
        return new Op(-1, -1, ANY_PROCESS, OpType.INVOKE, f, key, value, null);
    }

    public static Op invoke(String f, Object value) {
        return invoke(f, null, value);
    }

    /** Emits {@code template} once (Jepsen: a map is a one-op generator). */
    public static Generator op(Op template) {
        return new Once(template);
    }

    public static Generator op(String f, String key, Object value) {
        return op(invoke(f, key, value));
    }

    /** Emits the given ops once each, in order. */
    public static Generator ops(List<Op> templates) {
        List<Generator> gens = new ArrayList<>(templates.size());
        for (Op t : templates) gens.add(op(t));
        return seq(gens);
    }

    /**
     * Calls {@code f} for every op, forever, until it returns null. The function may draw from
     * {@link GenContext#random()}.
     */
    public static Generator fn(Function<GenContext, Op> f) {
        return new Fn(f);
    }

    /** Nothing: exhausted at once. */
    public static Generator empty() {
        return ctx -> Step.EXHAUSTED;
    }

    /** A pseudo-op the interpreter writes to the run log; takes no thread and is not recorded. */
    public static Generator log(String message) {
        Op op = new Op(-1, -1, LOG_PROCESS, OpType.INVOKE, "log", null, message, null);
        return new Generator() {
            @Override
            public Step op(GenContext ctx) {
                return new Step.Emit(op.withTime(ctx.time()), empty());
            }
        };
    }

    /**
     * Emits nothing for {@code d} (from the moment it is first asked), then is exhausted. In a
     * {@link #seq} or {@link #phases} it delays whatever follows. Unlike Jepsen's sleep it does
     * not occupy a worker.
     */
    public static Generator sleep(Duration d) {
        return new Sleep(d.toNanos(), -1);
    }

    // ---------------------------------------------------------------- composition

    /** Runs each generator until it is exhausted, then the next (without waiting for completions). */
    public static Generator seq(Generator... gens) {
        return seq(Arrays.asList(gens));
    }

    public static Generator seq(List<Generator> gens) {
        return Seq.of(List.copyOf(gens));
    }

    /** Each op from a randomly chosen generator; exhausted generators drop out. */
    public static Generator mix(Generator... gens) {
        return mix(Arrays.asList(gens));
    }

    public static Generator mix(List<Generator> gens) {
        return new Mix(List.copyOf(gens), false, List.of());
    }

    /**
     * Like {@link #mix}, but drawn in rounds: each op comes from a random generator that has not
     * given one yet in this round, and a round ends once every live generator has given one. Over
     * any 2n consecutive ops of n generators, each gives at least one (fault packages combined this
     * way each get their turn even in a short run, in a random order).
     */
    public static Generator shuffledRounds(List<Generator> gens) {
        return new Mix(List.copyOf(gens), true, List.of());
    }

    /** Runs all generators at once: the soonest op of any of them; exhausted when all are. */
    public static Generator any(Generator... gens) {
        return any(Arrays.asList(gens));
    }

    public static Generator any(List<Generator> gens) {
        return new Any(List.copyOf(gens));
    }

    /** Phases: each generator starts only once every op of the previous ones has completed. */
    public static Generator phases(Generator... gens) {
        List<Generator> out = new ArrayList<>();
        for (Generator g : gens) out.add(synchronize(g));
        return seq(out);
    }

    /** Waits until every thread in the context is free, then behaves like {@code gen}. */
    public static Generator synchronize(Generator gen) {
        return new Synchronize(gen);
    }

    /** Emits the first op of {@code gen} forever (Jepsen's repeat: the generator is not advanced). */
    public static Generator repeat(Generator gen) {
        return new Repeat(-1, gen);
    }

    /** Emits the first op of {@code gen} {@code n} times. */
    public static Generator repeat(long n, Generator gen) {
        if (n < 0) throw new IllegalArgumentException("repeat count must be >= 0, was " + n);
        return new Repeat(n, gen);
    }

    /** Runs {@code gen} to exhaustion, then starts it again from the beginning, forever. */
    public static Generator cycle(Generator gen) {
        return new Cycle(-1, gen, gen);
    }

    /** Runs {@code gen} to exhaustion {@code n} times. */
    public static Generator cycle(long n, Generator gen) {
        if (n < 0) throw new IllegalArgumentException("cycle count must be >= 0, was " + n);
        return n == 0 ? empty() : new Cycle(n, gen, gen);
    }

    /** Alternates between ops of {@code a} and {@code b}, starting with {@code a}; stops when the next one is exhausted. */
    public static Generator flipFlop(Generator a, Generator b) {
        return new FlipFlop(a, b);
    }

    // ---------------------------------------------------------------- bounds and timing

    /** The first {@code n} ops of {@code gen}. */
    public static Generator limit(long n, Generator gen) {
        if (n < 0) throw new IllegalArgumentException("limit must be >= 0, was " + n);
        return new Limit(n, gen);
    }

    /** Ops of {@code gen} whose time falls within {@code d} of the moment it is first asked. */
    public static Generator timeLimit(Duration d, Generator gen) {
        return new TimeLimit(d.toNanos(), -1, gen);
    }

    /** Spaces ops by random intervals, uniform in [0, 2dt) (mean dt), across all threads together. */
    public static Generator stagger(Duration dt, Generator gen) {
        return new Spaced(dt.toNanos(), true, -1, gen);
    }

    /** Spaces ops exactly {@code dt} apart (the first at once). */
    public static Generator delay(Duration dt, Generator gen) {
        return new Spaced(dt.toNanos(), false, -1, gen);
    }

    /** Emits ops of {@code gen} until one of them completes {@code ok}. */
    public static Generator untilOk(Generator gen) {
        return new UntilOk(gen, Set.of(), false);
    }

    // ---------------------------------------------------------------- threads

    /** Restricts {@code gen} to the threads that satisfy {@code threads}. */
    public static Generator onThreads(IntPredicate threads, Generator gen) {
        return new OnThreads(threads, gen);
    }

    /** Only the client threads. */
    public static Generator clients(Generator gen) {
        return onThreads(t -> t != Op.NEMESIS, gen);
    }

    /** Only the nemesis thread. */
    public static Generator nemesis(Generator gen) {
        return onThreads(t -> t == Op.NEMESIS, gen);
    }

    /** Client ops from {@code clientGen} and nemesis ops from {@code nemesisGen}, at the same time. */
    public static Generator clients(Generator clientGen, Generator nemesisGen) {
        return any(clients(clientGen), nemesis(nemesisGen));
    }

    /** Every thread runs its own copy of {@code gen}. */
    public static Generator eachThread(Generator gen) {
        return new EachThread(gen, null);
    }

    // ---------------------------------------------------------------- independent keys

    /**
     * Independent keys, after Jepsen's {@code independent/concurrent-generator}: client threads
     * are split into groups of {@code threadsPerKey}; each group works on one key at a time with
     * {@code perKey.apply(keyIndex)}, at most {@code opsPerKey} ops, then moves on to the next
     * unused key. Per-key histories stay small, which keeps linearizability checking cheap.
     *
     * @param maxKeys stop after this many keys (-1 for no bound)
     */
    public static Generator independentKeys(int threadsPerKey, long opsPerKey, long maxKeys,
                                            LongFunction<Generator> perKey) {
        if (threadsPerKey < 1) throw new IllegalArgumentException("threadsPerKey must be >= 1, was " + threadsPerKey);
        if (opsPerKey < 1) throw new IllegalArgumentException("opsPerKey must be >= 1, was " + opsPerKey);
        return new IndependentKeys(threadsPerKey, opsPerKey, maxKeys, perKey, 0, null);
    }

    // ================================================================ implementations

    /** Fills in process and time; pending when no thread is free. */
    static Step fill(GenContext ctx, Op template, Generator next) {
        int process = template.process();
        if (process == LOG_PROCESS) {
            return new Step.Emit(template.time() < 0 ? template.withTime(ctx.time()) : template, next);
        }
        if (process == ANY_PROCESS) {
            var free = ctx.freeThreads();
            if (free.isEmpty()) return new Step.Pending(null);
            int pick = free.size() == 1 ? 0 : ctx.random().nextInt(free.size());
            int thread = free.first();
            for (int t : free) {
                if (pick-- == 0) {
                    thread = t;
                    break;
                }
            }
            process = ctx.process(thread);
        } else {
            int thread = ctx.thread(process);
            if (thread == -2) {
                throw new IllegalArgumentException("op " + template.f() + " names process " + process
                        + ", which no thread of this context runs as");
            }
            if (!ctx.freeThreads().contains(thread)) return new Step.Pending(null);
        }
        Op op = new Op(-1, template.time() < 0 ? ctx.time() : template.time(), process, OpType.INVOKE,
                template.f(), template.key(), template.value(), null);
        return new Step.Emit(op, next);
    }

    /** A pending step whose successor is {@code next} (leaves return Pending(null) meaning "unchanged"). */
    static Step pending(Generator next) {
        return new Step.Pending(next);
    }

    /** The successor of a Pending step, defaulting to the generator that was asked. */
    static Generator pendingNext(Step.Pending p, Generator asked) {
        return p.next() == null ? asked : p.next();
    }

    /**
     * Whether step {@code a} should be preferred to {@code b}: an op beats pending, pending beats
     * exhausted, an earlier op beats a later one. Equal steps are not sooner (ties keep the first).
     */
    static boolean strictlySooner(Step a, Step b) {
        if (a instanceof Step.Emit ea) return !(b instanceof Step.Emit eb) || ea.op().time() < eb.op().time();
        if (a instanceof Step.Pending) return b instanceof Step.Exhausted;
        return false;
    }

    /**
     * The soonest of several candidate steps. Equally soon ops are chosen at random in proportion
     * to their weights (Jepsen's soonest-op-map): picking the first would let the first candidate
     * starve the others whenever an outer stagger makes every op "now".
     */
    private static final class Soonest {
        Step best = Step.EXHAUSTED;
        int index = -1;
        private long tiedWeight;

        void offer(GenContext ctx, int i, Step s, long weight) {
            if (index < 0 || strictlySooner(s, best)) {
                best = s;
                index = i;
                tiedWeight = weight;
            } else if (s instanceof Step.Emit e && best instanceof Step.Emit b && e.op().time() == b.op().time()) {
                tiedWeight += weight;
                if (ctx.random().nextLong(tiedWeight) < weight) {
                    best = s;
                    index = i;
                }
            }
        }
    }

    private record Once(Op template) implements Generator {
        @Override
        public Step op(GenContext ctx) {
            Step s = fill(ctx, template, empty());
            return s instanceof Step.Pending ? pending(this) : s;
        }
    }

    private record Fn(Function<GenContext, Op> f) implements Generator {
        @Override
        public Step op(GenContext ctx) {
            if (ctx.freeThreads().isEmpty()) return pending(this);
            Op template = f.apply(ctx);
            if (template == null) return Step.EXHAUSTED;
            Step s = fill(ctx, template, this);
            return s instanceof Step.Pending ? pending(this) : s;
        }
    }

    private record Sleep(long nanos, long deadline) implements Generator {
        @Override
        public Step op(GenContext ctx) {
            long d = deadline < 0 ? ctx.time() + nanos : deadline;
            return ctx.time() >= d ? Step.EXHAUSTED : pending(new Sleep(nanos, d));
        }
    }

    /** {@code current} is {@code gens.get(i)}, possibly advanced. */
    private record Seq(List<Generator> gens, int i, Generator current) implements Generator {
        static Generator of(List<Generator> gens) {
            return gens.isEmpty() ? empty() : new Seq(gens, 0, gens.get(0));
        }

        @Override
        public Step op(GenContext ctx) {
            int at = i;
            Generator head = current;
            while (true) {
                Step s = head.op(ctx);
                if (s instanceof Step.Emit e) return new Step.Emit(e.op(), new Seq(gens, at, e.next()));
                if (s instanceof Step.Pending p) return pending(new Seq(gens, at, pendingNext(p, head)));
                if (++at >= gens.size()) return Step.EXHAUSTED;
                head = gens.get(at);
            }
        }

        @Override
        public Generator update(GenContext ctx, Op event) {
            return new Seq(gens, i, current.update(ctx, event));
        }
    }

    /**
     * In rounds, {@code open} holds the indices of the generators that have not given an op in this
     * round (empty: a new round begins); otherwise every live generator can be chosen each time.
     * The choice is drawn anew whenever the mix is asked, also after the chosen generator was
     * pending (its new state is kept): on the nemesis's per-op stream (see Context#restrict) the
     * draw comes out the same, and the chosen generator's own draws never reuse the value that
     * chose it.
     */
    private record Mix(List<Generator> gens, boolean inRounds, List<Integer> open) implements Generator {
        @Override
        public Step op(GenContext ctx) {
            // No thread could take an op: draw nothing yet, so that the choice does not depend on how
            // often the mix was asked in between. With one candidate there is nothing to draw, and the
            // generator is asked at once (a sleep in it starts counting when the previous op begins).
            if (ctx.freeThreads().isEmpty() && candidates(gens.size(), open).size() > 1) return pending(this);
            List<Generator> live = gens;
            List<Integer> round = open;
            while (!live.isEmpty()) {
                round = candidates(live.size(), round);
                int at = round.get(round.size() == 1 ? 0 : ctx.random().nextInt(round.size()));
                Step s = live.get(at).op(ctx);
                if (s instanceof Step.Emit e) {
                    return new Step.Emit(e.op(), new Mix(replace(live, at, e.next()), inRounds,
                            round.stream().filter(j -> j != at).toList()));
                }
                if (s instanceof Step.Pending p) return pending(new Mix(replace(live, at, pendingNext(p, live.get(at))), inRounds, round));
                List<Generator> out = new ArrayList<>(live);
                out.remove(at);
                live = List.copyOf(out);
                round = round.stream().filter(j -> j != at).map(j -> j > at ? j - 1 : j).toList();
            }
            return Step.EXHAUSTED;
        }

        private List<Integer> candidates(int live, List<Integer> round) {
            return inRounds && !round.isEmpty() ? round : IntStream.range(0, live).boxed().toList();
        }

        @Override
        public Generator update(GenContext ctx, Op event) {
            List<Generator> out = new ArrayList<>(gens.size());
            for (Generator g : gens) out.add(g.update(ctx, event));
            return new Mix(List.copyOf(out), inRounds, open);
        }
    }

    static List<Generator> replace(List<Generator> gens, int i, Generator g) {
        List<Generator> out = new ArrayList<>(gens);
        out.set(i, g);
        return List.copyOf(out);
    }

    private record Any(List<Generator> gens) implements Generator {
        @Override
        public Step op(GenContext ctx) {
            if (gens.isEmpty()) return Step.EXHAUSTED;
            Soonest soonest = new Soonest();
            List<Generator> after = new ArrayList<>(gens);
            for (int i = 0; i < gens.size(); i++) {
                Step s = gens.get(i).op(ctx);
                if (s instanceof Step.Pending p) after.set(i, pendingNext(p, gens.get(i)));
                soonest.offer(ctx, i, s, 1);
            }
            Step best = soonest.best;
            if (best instanceof Step.Emit e) {
                after.set(soonest.index, e.next());
                return new Step.Emit(e.op(), new Any(List.copyOf(after)));
            }
            if (best instanceof Step.Pending) return pending(new Any(List.copyOf(after)));
            return Step.EXHAUSTED;
        }

        @Override
        public Generator update(GenContext ctx, Op event) {
            List<Generator> out = new ArrayList<>(gens.size());
            for (Generator g : gens) out.add(g.update(ctx, event));
            return new Any(List.copyOf(out));
        }
    }

    private record Synchronize(Generator gen) implements Generator {
        @Override
        public Step op(GenContext ctx) {
            if (ctx.freeThreads().size() != ctx.allThreads().size()) return pending(this);
            return gen.op(ctx);
        }

        @Override
        public Generator update(GenContext ctx, Op event) {
            return new Synchronize(gen.update(ctx, event));
        }
    }

    private record Repeat(long remaining, Generator gen) implements Generator {
        @Override
        public Step op(GenContext ctx) {
            if (remaining == 0) return Step.EXHAUSTED;
            Step s = gen.op(ctx);
            if (s instanceof Step.Emit e) return new Step.Emit(e.op(), new Repeat(remaining < 0 ? -1 : remaining - 1, gen));
            if (s instanceof Step.Pending p) return pending(new Repeat(remaining, pendingNext(p, gen)));
            return Step.EXHAUSTED;
        }

        @Override
        public Generator update(GenContext ctx, Op event) {
            return new Repeat(remaining, gen.update(ctx, event));
        }
    }

    private record Cycle(long remaining, Generator original, Generator current) implements Generator {
        @Override
        public Step op(GenContext ctx) {
            Step s = current.op(ctx);
            if (s instanceof Step.Emit e) return new Step.Emit(e.op(), new Cycle(remaining, original, e.next()));
            if (s instanceof Step.Pending p) return pending(new Cycle(remaining, original, pendingNext(p, current)));
            long left = remaining < 0 ? -1 : remaining - 1;
            if (left == 0) return Step.EXHAUSTED;
            Step fresh = original.op(ctx);
            if (fresh instanceof Step.Emit e) return new Step.Emit(e.op(), new Cycle(left, original, e.next()));
            if (fresh instanceof Step.Pending p) return pending(new Cycle(left, original, pendingNext(p, original)));
            return Step.EXHAUSTED; // the generator is empty from the start: cycling it would spin forever
        }

        @Override
        public Generator update(GenContext ctx, Op event) {
            return new Cycle(remaining, original, current.update(ctx, event));
        }
    }

    private record FlipFlop(Generator a, Generator b) implements Generator {
        @Override
        public Step op(GenContext ctx) {
            Step s = a.op(ctx);
            if (s instanceof Step.Emit e) return new Step.Emit(e.op(), new FlipFlop(b, e.next()));
            if (s instanceof Step.Pending p) return pending(new FlipFlop(pendingNext(p, a), b));
            return Step.EXHAUSTED;
        }

        @Override
        public Generator update(GenContext ctx, Op event) {
            return new FlipFlop(a.update(ctx, event), b.update(ctx, event));
        }
    }

    private record Limit(long remaining, Generator gen) implements Generator {
        @Override
        public Step op(GenContext ctx) {
            if (remaining <= 0) return Step.EXHAUSTED;
            Step s = gen.op(ctx);
            if (s instanceof Step.Emit e) {
                return new Step.Emit(e.op(), e.op().process() == LOG_PROCESS ? new Limit(remaining, e.next())
                        : new Limit(remaining - 1, e.next()));
            }
            if (s instanceof Step.Pending p) return pending(new Limit(remaining, pendingNext(p, gen)));
            return Step.EXHAUSTED;
        }

        @Override
        public Generator update(GenContext ctx, Op event) {
            return new Limit(remaining, gen.update(ctx, event));
        }
    }

    private record TimeLimit(long nanos, long cutoff, Generator gen) implements Generator {
        @Override
        public Step op(GenContext ctx) {
            long c = cutoff < 0 ? ctx.time() + nanos : cutoff;
            if (ctx.time() >= c) return Step.EXHAUSTED;
            Step s = gen.op(ctx);
            if (s instanceof Step.Emit e) {
                return e.op().time() >= c ? Step.EXHAUSTED : new Step.Emit(e.op(), new TimeLimit(nanos, c, e.next()));
            }
            if (s instanceof Step.Pending p) return pending(new TimeLimit(nanos, c, pendingNext(p, gen)));
            return Step.EXHAUSTED;
        }

        @Override
        public Generator update(GenContext ctx, Op event) {
            return new TimeLimit(nanos, cutoff, gen.update(ctx, event));
        }
    }

    /** Stagger (random intervals) and delay (fixed intervals). */
    private record Spaced(long dt, boolean random, long nextTime, Generator gen) implements Generator {
        @Override
        public Step op(GenContext ctx) {
            Step s = gen.op(ctx);
            if (s instanceof Step.Emit e) {
                if (e.op().process() == LOG_PROCESS) return new Step.Emit(e.op(), new Spaced(dt, random, nextTime, e.next()));
                long at = Math.max(e.op().time(), nextTime < 0 ? ctx.time() : nextTime);
                long gap = random ? (dt <= 0 ? 0 : ctx.random().nextLong(2 * dt)) : dt;
                return new Step.Emit(e.op().withTime(at), new Spaced(dt, random, at + gap, e.next()));
            }
            if (s instanceof Step.Pending p) return pending(new Spaced(dt, random, nextTime, pendingNext(p, gen)));
            return Step.EXHAUSTED;
        }

        @Override
        public Generator update(GenContext ctx, Op event) {
            return new Spaced(dt, random, nextTime, gen.update(ctx, event));
        }
    }

    private record UntilOk(Generator gen, Set<Integer> active, boolean done) implements Generator {
        @Override
        public Step op(GenContext ctx) {
            if (done) return Step.EXHAUSTED;
            Step s = gen.op(ctx);
            if (s instanceof Step.Emit e) {
                Set<Integer> a = new HashSet<>(active);
                if (e.op().process() != LOG_PROCESS) a.add(e.op().process());
                return new Step.Emit(e.op(), new UntilOk(e.next(), Set.copyOf(a), false));
            }
            if (s instanceof Step.Pending p) return pending(new UntilOk(pendingNext(p, gen), active, false));
            return Step.EXHAUSTED;
        }

        @Override
        public Generator update(GenContext ctx, Op event) {
            Generator g = gen.update(ctx, event);
            if (event.type().isCompletion() && active.contains(event.process())) {
                Set<Integer> a = new HashSet<>(active);
                a.remove(event.process());
                return new UntilOk(g, Set.copyOf(a), done || event.isOk());
            }
            return new UntilOk(g, active, done);
        }
    }

    private record OnThreads(IntPredicate threads, Generator gen) implements Generator {
        @Override
        public Step op(GenContext ctx) {
            Step s = gen.op(ctx.restrict(threads));
            if (s instanceof Step.Emit e) return new Step.Emit(e.op(), new OnThreads(threads, e.next()));
            if (s instanceof Step.Pending p) return pending(new OnThreads(threads, pendingNext(p, gen)));
            return Step.EXHAUSTED;
        }

        @Override
        public Generator update(GenContext ctx, Op event) {
            int t = ctx.thread(event.process());
            if (t == -2 || !threads.test(t)) return this;
            return new OnThreads(threads, gen.update(ctx.restrict(threads), event));
        }
    }

    /** {@code copies} is null until first asked: then one copy of the generator per thread. */
    private record EachThread(Generator gen, java.util.Map<Integer, Generator> copies) implements Generator {
        @Override
        public Step op(GenContext ctx) {
            java.util.Map<Integer, Generator> cs = copies;
            if (cs == null) {
                cs = new java.util.HashMap<>();
                for (int t : ctx.allThreads()) cs.put(t, gen);
            }
            java.util.Map<Integer, Generator> after = new java.util.HashMap<>(cs);
            Soonest soonest = new Soonest();
            for (int t : ctx.allThreads()) {
                Generator g = cs.get(t);
                if (g == null) continue;
                Step s = ctx.freeThreads().contains(t) ? g.op(ctx.restrict(x -> x == t)) : pending(g);
                if (s instanceof Step.Exhausted) {
                    after.remove(t);
                    continue;
                }
                if (s instanceof Step.Pending p) after.put(t, pendingNext(p, g));
                soonest.offer(ctx, t, s, 1);
            }
            Step best = soonest.best;
            if (best instanceof Step.Emit e) {
                after.put(soonest.index, e.next());
                return new Step.Emit(e.op(), new EachThread(gen, java.util.Map.copyOf(after)));
            }
            if (best instanceof Step.Pending) return pending(new EachThread(gen, java.util.Map.copyOf(after)));
            return Step.EXHAUSTED;
        }

        @Override
        public Generator update(GenContext ctx, Op event) {
            if (copies == null) return this;
            int t = ctx.thread(event.process());
            Generator g = copies.get(t);
            if (g == null) return this;
            java.util.Map<Integer, Generator> after = new java.util.HashMap<>(copies);
            after.put(t, g.update(ctx.restrict(x -> x == t), event));
            return new EachThread(gen, java.util.Map.copyOf(after));
        }
    }

    /** One group of threads working through keys. {@code gen} null means the group needs a new key. */
    private record KeyGroup(Set<Integer> threads, Generator gen) {
    }

    private record IndependentKeys(int threadsPerKey, long opsPerKey, long maxKeys, LongFunction<Generator> perKey,
                                   long nextKey, List<KeyGroup> groups) implements Generator {
        @Override
        public Step op(GenContext ctx) {
            List<KeyGroup> gs = groups == null ? initialGroups(ctx) : groups;
            List<KeyGroup> after = new ArrayList<>(gs);
            long next = nextKey;
            Soonest soonest = new Soonest();
            for (int i = 0; i < gs.size(); i++) {
                KeyGroup g = gs.get(i);
                GenContext sub = ctx.restrict(g.threads()::contains);
                Generator gen = g.gen();
                Step s = gen == null ? Step.EXHAUSTED : gen.op(sub);
                if (s instanceof Step.Exhausted && (maxKeys < 0 || next < maxKeys)) {
                    gen = keyGenerator(next++);
                    s = gen.op(sub);
                }
                if (s instanceof Step.Exhausted) {
                    after.set(i, new KeyGroup(g.threads(), null));
                    continue;
                }
                if (s instanceof Step.Pending p) {
                    after.set(i, new KeyGroup(g.threads(), pendingNext(p, gen)));
                } else {
                    after.set(i, new KeyGroup(g.threads(), gen));
                }
                // Weighted by free threads: each free thread is equally likely to get the next op.
                soonest.offer(ctx, i, s, Math.max(1, sub.freeThreads().size()));
            }
            Step best = soonest.best;
            if (best instanceof Step.Emit e) {
                after.set(soonest.index, new KeyGroup(gs.get(soonest.index).threads(), e.next()));
                return new Step.Emit(e.op(), new IndependentKeys(threadsPerKey, opsPerKey, maxKeys, perKey, next, List.copyOf(after)));
            }
            if (best instanceof Step.Pending) {
                return pending(new IndependentKeys(threadsPerKey, opsPerKey, maxKeys, perKey, next, List.copyOf(after)));
            }
            return Step.EXHAUSTED;
        }

        private Generator keyGenerator(long key) {
            return limit(opsPerKey, perKey.apply(key));
        }

        private List<KeyGroup> initialGroups(GenContext ctx) {
            List<KeyGroup> out = new ArrayList<>();
            Set<Integer> current = new HashSet<>();
            for (int t : ctx.allThreads()) {
                if (t == Op.NEMESIS) continue;
                current.add(t);
                if (current.size() == threadsPerKey) {
                    out.add(new KeyGroup(Set.copyOf(current), null));
                    current = new HashSet<>();
                }
            }
            if (!current.isEmpty()) out.add(new KeyGroup(Set.copyOf(current), null));
            return List.copyOf(out);
        }

        @Override
        public Generator update(GenContext ctx, Op event) {
            if (groups == null) return this;
            int t = ctx.thread(event.process());
            for (int i = 0; i < groups.size(); i++) {
                KeyGroup g = groups.get(i);
                if (g.threads().contains(t) && g.gen() != null) {
                    List<KeyGroup> after = new ArrayList<>(groups);
                    after.set(i, new KeyGroup(g.threads(), g.gen().update(ctx.restrict(g.threads()::contains), event)));
                    return new IndependentKeys(threadsPerKey, opsPerKey, maxKeys, perKey, nextKey, List.copyOf(after));
                }
            }
            return this;
        }
    }
}
