package dev.faultline.harness.generator;

import dev.faultline.checkers.history.Op;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.IntPredicate;
import java.util.random.RandomGenerator;

/**
 * The immutable {@link GenContext} the interpreters hand to generators. Client threads are
 * 0..concurrency-1 and start as processes of the same number; after an {@code info} a thread
 * continues as {@code process + concurrency} (Jepsen's rule). The nemesis thread is
 * {@link Op#NEMESIS} and always runs as process {@link Op#NEMESIS}.
 */
public final class Context implements GenContext {
    private static final long NEMESIS_STREAM = 0x6E656D65736973L; // "nemesis": the nemesis's seed is not the clients'
    private static final SortedSet<Integer> NEMESIS_ONLY = Collections.unmodifiableSortedSet(new TreeSet<>(Set.of(Op.NEMESIS)));

    private final long time;
    private final int concurrency;
    private final SortedSet<Integer> all;
    private final SortedSet<Integer> free;
    private final Map<Integer, Integer> processes;
    private final RandomGenerator random;
    private final long nemesisSeed;
    private final long nemesisOps;

    private Context(long time, int concurrency, SortedSet<Integer> all, SortedSet<Integer> free,
                    Map<Integer, Integer> processes, RandomGenerator random, long nemesisSeed, long nemesisOps) {
        this.time = time;
        this.concurrency = concurrency;
        this.all = all;
        this.free = free;
        this.processes = processes;
        this.random = random;
        this.nemesisSeed = nemesisSeed;
        this.nemesisOps = nemesisOps;
    }

    private Context with(SortedSet<Integer> free, Map<Integer, Integer> processes, long nemesisOps) {
        return new Context(time, concurrency, all, free, processes, random, nemesisSeed, nemesisOps);
    }

    /**
     * A context at time 0 with {@code concurrency} client threads (all free) and, if asked, the nemesis
     * thread; the run's random source and the nemesis's streams are both seeded from {@code seed}.
     */
    public static Context initial(int concurrency, boolean withNemesis, long seed) {
        if (concurrency < 0) throw new IllegalArgumentException("concurrency must be >= 0, was " + concurrency);
        TreeSet<Integer> threads = new TreeSet<>();
        Map<Integer, Integer> processes = new HashMap<>();
        if (withNemesis) {
            threads.add(Op.NEMESIS);
            processes.put(Op.NEMESIS, Op.NEMESIS);
        }
        for (int t = 0; t < concurrency; t++) {
            threads.add(t);
            processes.put(t, t);
        }
        SortedSet<Integer> frozen = Collections.unmodifiableSortedSet(threads);
        return new Context(0, concurrency, frozen, frozen, Collections.unmodifiableMap(processes), new SplittableRandom(seed),
                new SplittableRandom(seed ^ NEMESIS_STREAM).nextLong(), 0);
    }

    @Override
    public long time() {
        return time;
    }

    @Override
    public SortedSet<Integer> freeThreads() {
        return free;
    }

    @Override
    public SortedSet<Integer> allThreads() {
        return all;
    }

    @Override
    public int process(int thread) {
        Integer p = processes.get(thread);
        if (p == null) throw new IllegalArgumentException("no thread " + thread + " in this context " + all);
        return p;
    }

    @Override
    public int thread(int process) {
        int t = process == Op.NEMESIS ? Op.NEMESIS : (concurrency == 0 ? -2 : Math.floorMod(process, concurrency));
        Integer current = processes.get(t);
        return current != null && current == process && all.contains(t) ? t : -2;
    }

    /**
     * Restricted to the nemesis thread alone, the context draws from the nemesis's own stream: one
     * fresh stream per nemesis op, seeded by the run's seed and the number of nemesis ops dispatched
     * so far. So the faults drawn (which package, which gap, which option) depend on the seed and on
     * the nemesis's own past only, not on how many draws the clients made in between; and a
     * generator asked again for an op it was not given yet draws the same again. (Seeds one apart, not
     * a multiple of SplittableRandom's own increment: those streams would be shifted copies of each other.)
     */
    @Override
    public Context restrict(IntPredicate threads) {
        TreeSet<Integer> a = new TreeSet<>();
        for (int t : all) if (threads.test(t)) a.add(t);
        TreeSet<Integer> f = new TreeSet<>();
        for (int t : free) if (threads.test(t)) f.add(t);
        RandomGenerator r = random;
        if (a.equals(NEMESIS_ONLY)) {
            r = all.equals(NEMESIS_ONLY) ? random : new SplittableRandom(nemesisSeed + nemesisOps);
        }
        return new Context(time, concurrency, Collections.unmodifiableSortedSet(a),
                Collections.unmodifiableSortedSet(f), processes, r, nemesisSeed, nemesisOps);
    }

    @Override
    public RandomGenerator random() {
        return random;
    }

    public int concurrency() {
        return concurrency;
    }

    public boolean allFree() {
        return free.size() == all.size();
    }

    public Context withTime(long newTime) {
        return newTime == time ? this : new Context(newTime, concurrency, all, free, processes, random, nemesisSeed, nemesisOps);
    }

    /** The thread starts working on an op. */
    public Context busy(int thread) {
        if (!free.contains(thread)) throw new IllegalStateException("thread " + thread + " is not free");
        TreeSet<Integer> f = new TreeSet<>(free);
        f.remove(thread);
        return with(Collections.unmodifiableSortedSet(f), processes, thread == Op.NEMESIS ? nemesisOps + 1 : nemesisOps);
    }

    /** The thread finished its op. */
    public Context free(int thread) {
        if (!all.contains(thread)) throw new IllegalArgumentException("no thread " + thread + " in this context");
        TreeSet<Integer> f = new TreeSet<>(free);
        f.add(thread);
        return with(Collections.unmodifiableSortedSet(f), processes, nemesisOps);
    }

    /** After an info: the client thread continues as a fresh process. The nemesis keeps its process. */
    public Context withNextProcess(int thread) {
        if (thread == Op.NEMESIS) return this;
        Map<Integer, Integer> p = new HashMap<>(processes);
        p.put(thread, process(thread) + concurrency);
        return with(free, Collections.unmodifiableMap(p), nemesisOps);
    }

    @Override
    public String toString() {
        return "Context[time=" + time + ", free=" + free + ", all=" + all + "]";
    }
}
