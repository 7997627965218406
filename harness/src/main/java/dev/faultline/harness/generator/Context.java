package dev.faultline.harness.generator;

import dev.faultline.checkers.history.Op;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
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
    private final long time;
    private final int concurrency;
    private final SortedSet<Integer> all;
    private final SortedSet<Integer> free;
    private final Map<Integer, Integer> processes;
    private final RandomGenerator random;

    private Context(long time, int concurrency, SortedSet<Integer> all, SortedSet<Integer> free,
                    Map<Integer, Integer> processes, RandomGenerator random) {
        this.time = time;
        this.concurrency = concurrency;
        this.all = all;
        this.free = free;
        this.processes = processes;
        this.random = random;
    }

    /** A context at time 0 with {@code concurrency} client threads (all free) and, if asked, the nemesis thread. */
    public static Context initial(int concurrency, boolean withNemesis, RandomGenerator random) {
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
        return new Context(0, concurrency, frozen, frozen, Collections.unmodifiableMap(processes), random);
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

    @Override
    public Context restrict(IntPredicate threads) {
        TreeSet<Integer> a = new TreeSet<>();
        for (int t : all) if (threads.test(t)) a.add(t);
        TreeSet<Integer> f = new TreeSet<>();
        for (int t : free) if (threads.test(t)) f.add(t);
        return new Context(time, concurrency, Collections.unmodifiableSortedSet(a),
                Collections.unmodifiableSortedSet(f), processes, random);
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
        return newTime == time ? this : new Context(newTime, concurrency, all, free, processes, random);
    }

    /** The thread starts working on an op. */
    public Context busy(int thread) {
        if (!free.contains(thread)) throw new IllegalStateException("thread " + thread + " is not free");
        TreeSet<Integer> f = new TreeSet<>(free);
        f.remove(thread);
        return new Context(time, concurrency, all, Collections.unmodifiableSortedSet(f), processes, random);
    }

    /** The thread finished its op. */
    public Context free(int thread) {
        if (!all.contains(thread)) throw new IllegalArgumentException("no thread " + thread + " in this context");
        TreeSet<Integer> f = new TreeSet<>(free);
        f.add(thread);
        return new Context(time, concurrency, all, Collections.unmodifiableSortedSet(f), processes, random);
    }

    /** After an info: the client thread continues as a fresh process. The nemesis keeps its process. */
    public Context withNextProcess(int thread) {
        if (thread == Op.NEMESIS) return this;
        Map<Integer, Integer> p = new HashMap<>(processes);
        p.put(thread, process(thread) + concurrency);
        return new Context(time, concurrency, all, free, Collections.unmodifiableMap(p), random);
    }

    @Override
    public String toString() {
        return "Context[time=" + time + ", free=" + free + ", all=" + all + "]";
    }
}
