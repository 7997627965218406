package dev.faultline.checkers.linearizable;

import dev.faultline.checkers.Checker;
import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.HistoryException;
import dev.faultline.checkers.history.Op;
import dev.faultline.checkers.model.Machine;
import dev.faultline.checkers.model.Model;
import dev.faultline.checkers.model.Transition;
import dev.faultline.checkers.result.CheckResult;
import dev.faultline.checkers.result.Validity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Checks that a history is linearizable with respect to a {@link Model}.
 *
 * <p>Client ops are split by {@link Op#key()} and each key is checked on its own (P-compositionality:
 * a history is linearizable iff each key's sub-history is), keys in parallel. Within a key:
 * {@code fail} ops never happened and are dropped; {@code info} ops and invocations that never
 * completed may take effect at any point after their invocation, or never; ops that cannot
 * constrain the model (e.g. reads with unknown results) are dropped. Nemesis ops are ignored.
 *
 * <p>A history with no ok client op at all is {@link Validity#UNKNOWN} ("the cluster never
 * served"): every such history is trivially linearizable, which would pass a dead cluster. A key
 * without ok ops is judged like any other once some key's op completed ok.
 */
public final class LinearizabilityChecker implements Checker {
    private final Model model;
    private final Object initial;
    private final Budget budget;
    private final int parallelism;

    public LinearizabilityChecker(Model model, Object initial, Budget budget) {
        this(model, initial, budget, Runtime.getRuntime().availableProcessors());
    }

    /**
     * @param initial     the model's initial state (JSON-shaped), or null for its default
     * @param parallelism how many keys to check at once
     */
    public LinearizabilityChecker(Model model, Object initial, Budget budget, int parallelism) {
        this.model = model;
        this.initial = initial;
        this.budget = budget;
        this.parallelism = Math.max(1, parallelism);
    }

    @Override
    public String name() {
        return "linearizable";
    }

    @Override
    public CheckResult check(History history) {
        ClientOutcomes outcomes = ClientOutcomes.of(history);
        if (outcomes.ok() == 0) return CheckResult.of(name(), Validity.UNKNOWN, outcomes.neverServed());
        long start = System.nanoTime();
        Deadline deadline = new Deadline(start + budget.timeLimit().toNanos());
        List<KeyHistory> keys = split(history);
        AtomicLong liveStates = new AtomicLong();
        List<KeyResult> results = keys.size() == 1
                ? List.of(check(keys.get(0), deadline, liveStates))
                : checkInParallel(keys, deadline, liveStates);

        long ops = keys.stream().mapToLong(k -> k.invocations.size()).sum();
        long explored = results.stream().mapToLong(KeyResult::explored).sum();
        String stats = String.format("%,d ok/info ops%s, %,d states explored, %.3f s", ops,
                keys.size() > 1 || keys.get(0).key != null ? String.format(" in %,d keys", keys.size()) : "", explored,
                (System.nanoTime() - start) / 1e9);
        List<CheckResult> bad = new ArrayList<>();
        for (KeyResult r : results) if (r.result.validity() != Validity.VALID) bad.add(r.result);
        long cutShort = results.stream().filter(KeyResult::cutShort).count();
        if (cutShort > 0) {
            stats += String.format("; %d key%s left undecided once the verdict was invalid (%s more each; every key is checked fully on request)",
                    cutShort, cutShort == 1 ? "" : "s", budget.afterInvalid());
        }
        if (bad.isEmpty()) return CheckResult.of(name(), Validity.VALID, "linearizable (" + stats + ")");
        if (keys.size() == 1) {
            CheckResult only = bad.get(0);
            return new CheckResult(name(), only.validity(), only.summary() + " (" + stats + ")", only.detail(), List.of());
        }
        long invalid = bad.stream().filter(r -> r.validity() == Validity.INVALID).count();
        Validity worst = invalid > 0 ? Validity.INVALID : Validity.UNKNOWN;
        String summary = invalid > 0
                ? String.format("%d of %d keys not linearizable; first: %s (%s)", invalid, keys.size(),
                        bad.stream().filter(r -> r.validity() == Validity.INVALID).findFirst().orElseThrow().summary(), stats)
                : String.format("%d of %d keys undecided; first: %s (%s)", bad.size(), keys.size(), bad.get(0).summary(), stats);
        Object detail = bad.stream().filter(r -> r.validity() == Validity.INVALID).findFirst().map(CheckResult::detail).orElse(null);
        return new CheckResult(name(), worst, summary, detail, bad);
    }

    /**
     * The search deadline, brought forward once a key is found not linearizable: the verdict is
     * then decided, and the other keys get only {@link Budget#afterInvalid} more.
     */
    private static final class Deadline {
        private final AtomicLong nanos;
        private volatile boolean decided;

        Deadline(long nanos) {
            this.nanos = new AtomicLong(nanos);
        }

        long get() {
            return nanos.get();
        }

        void invalidFound(Duration grace) {
            decided = true;
            if (grace != null) nanos.accumulateAndGet(System.nanoTime() + grace.toNanos(), Math::min);
        }
    }

    private List<KeyResult> checkInParallel(List<KeyHistory> keys, Deadline deadline, AtomicLong liveStates) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, keys.size()), r -> {
            Thread t = new Thread(r, "linearizable-check");
            t.setDaemon(true);
            return t;
        });
        try {
            List<KeyHistory> biggestFirst = new ArrayList<>(keys);
            biggestFirst.sort(Comparator.comparingInt((KeyHistory k) -> k.invocations.size()).reversed());
            Map<KeyHistory, Future<KeyResult>> futures = new LinkedHashMap<>();
            for (KeyHistory k : biggestFirst) futures.put(k, pool.submit(() -> check(k, deadline, liveStates)));
            List<KeyResult> out = new ArrayList<>(keys.size());
            for (KeyHistory k : keys) out.add(futures.get(k).get());
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking linearizability", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** @param cutShort the key ran out of time only because the verdict was already decided */
    private record KeyResult(CheckResult result, long explored, boolean cutShort) {
        KeyResult(CheckResult result, long explored) {
            this(result, explored, false);
        }
    }

    /** One key's ops: invocation positions and completion positions (-1 if it never completed). */
    private record KeyHistory(History history, String key, List<Integer> invocations, List<Integer> completions) {
        KeyHistory(History history, String key) {
            this(history, key, new ArrayList<>(), new ArrayList<>());
        }
    }

    private static List<KeyHistory> split(History history) {
        Map<String, KeyHistory> byKey = new LinkedHashMap<>();
        for (int i = 0; i < history.size(); i++) {
            Op op = history.get(i);
            if (op.isNemesis() || !op.isInvoke()) continue;
            int c = history.completion(i);
            if (c >= 0 && history.get(c).isFail()) continue;
            KeyHistory k = byKey.computeIfAbsent(op.key(), key -> new KeyHistory(history, key));
            k.invocations.add(i);
            k.completions.add(c);
        }
        if (byKey.isEmpty()) byKey.put(null, new KeyHistory(history, null));
        return new ArrayList<>(byKey.values());
    }

    private KeyResult check(KeyHistory k, Deadline deadline, AtomicLong liveStates) {
        KeyResult r = search(k, deadline, liveStates);
        if (r.result.validity() == Validity.INVALID) deadline.invalidFound(budget.afterInvalid());
        return r;
    }

    private KeyResult search(KeyHistory k, Deadline deadline, AtomicLong liveStates) {
        History h = k.history;
        Machine machine = model.machine(initial);
        int m = k.invocations.size();
        int[] invokePos = new int[m];
        int[] returnPos = new int[m];
        Transition[] transitions = new Transition[m];
        int count = 0;
        for (int j = 0; j < m; j++) {
            int i = k.invocations.get(j);
            int c = k.completions.get(j);
            Op invocation = h.get(i);
            Op completion = c >= 0 && h.get(c).isOk() ? h.get(c) : null;
            Transition t;
            try {
                t = machine.transition(invocation, completion);
            } catch (IllegalArgumentException e) {
                throw new HistoryException("op " + i + " (process " + invocation.processName() + ", " + invocation.f() + "): " + e.getMessage(), i);
            }
            if (t == Transition.IDENTITY) continue; // fits anywhere: cannot affect the verdict
            invokePos[count] = i;
            returnPos[count] = completion == null ? -1 : c;
            transitions[count++] = t;
        }
        boolean[] optional = new boolean[count];
        for (int j = 0; j < count; j++) optional[j] = returnPos[j] < 0;
        boolean[] keep = OptionalOps.relevant(Arrays.copyOf(transitions, count), optional, machine.init());
        int kept = 0;
        for (int j = 0; j < count; j++) {
            if (!keep[j]) continue;
            invokePos[kept] = invokePos[j];
            returnPos[kept] = returnPos[j];
            transitions[kept++] = transitions[j];
        }
        String where = k.key == null ? "" : "key " + k.key + ": ";
        WglSearch search = new WglSearch(Arrays.copyOf(invokePos, kept), Arrays.copyOf(returnPos, kept),
                Arrays.copyOf(transitions, kept), machine.init());
        long started = System.nanoTime();
        WglSearch.Outcome o;
        try {
            o = search.run(deadline::get, budget.maxStates(), liveStates, -1);
        } catch (OutOfMemoryError e) {
            // The state limit is meant to prevent this (see Budget); when the heap runs out anyway, the
            // search's tables are garbage once unwound, and this key is undecided rather than the check lost.
            return new KeyResult(CheckResult.of(name(), Validity.UNKNOWN, String.format(
                    "%sthe heap (%,d MiB) ran out before the state limit of %,d states; give the JVM more heap (-Xmx) or lower --max-states",
                    where, Runtime.getRuntime().maxMemory() >> 20, budget.maxStates())), 0);
        }
        return switch (o.verdict()) {
            case LINEARIZABLE -> new KeyResult(CheckResult.of(name(), Validity.VALID, where + "linearizable"), o.explored());
            case OUT_OF_TIME -> deadline.decided
                    ? new KeyResult(CheckResult.of(name(), Validity.UNKNOWN, String.format(
                            "%snot decided: another key was already not linearizable (%,d states explored)", where, o.explored())), o.explored(), true)
                    : new KeyResult(CheckResult.of(name(), Validity.UNKNOWN, String.format(
                            "%stime limit of %s ran out after %,d states explored", where, budget.timeLimit(), o.explored())), o.explored());
            case OUT_OF_STATES -> new KeyResult(CheckResult.of(name(), Validity.UNKNOWN, String.format(
                    "%sstate limit of %,d states ran out (%,d explored on this key)", where, budget.maxStates(), o.explored())), o.explored());
            case NOT_LINEARIZABLE -> {
                // Replay to the furthest completion reached, to capture the prefix linearized then.
                long replayDeadline = System.nanoTime() + (System.nanoTime() - started) + 1_000_000_000L;
                WglSearch.Outcome replay = search.run(() -> replayDeadline, budget.maxStates(), new AtomicLong(), returnPos[o.failingOp()]);
                LinearizabilityFailure failure = failure(k, machine, invokePos, returnPos, o, replay.snapshot());
                yield new KeyResult(new CheckResult(name(), Validity.INVALID,
                        where + "not linearizable: " + failure.description() + " (op " + failure.op() + ") cannot be linearized",
                        failure, List.of()), o.explored());
            }
        };
    }

    private static LinearizabilityFailure failure(KeyHistory k, Machine machine, int[] invokePos, int[] returnPos,
            WglSearch.Outcome o, WglSearch.Snapshot snapshot) {
        History h = k.history;
        int op = o.failingOp();
        Op invocation = h.get(invokePos[op]);
        Op completion = h.get(returnPos[op]);
        List<String> statesBefore = new ArrayList<>();
        for (long s : o.statesBefore()) statesBefore.add(machine.describe(s));
        List<Long> linearized = new ArrayList<>();
        List<String> states = new ArrayList<>();
        List<Long> pending = new ArrayList<>();
        long omitted = 0;
        if (snapshot != null) {
            int from = Math.max(0, snapshot.linearized().length - LinearizabilityFailure.MAX_PREFIX);
            omitted = from;
            for (int i = from; i < snapshot.linearized().length; i++) linearized.add((long) invokePos[snapshot.linearized()[i]]);
            for (int i = from; i < snapshot.states().length; i++) states.add(machine.describe(snapshot.states()[i]));
            for (int p : snapshot.pending()) if (p != op) pending.add((long) invokePos[p]);
        }
        return new LinearizabilityFailure(k.key, returnPos[op], invokePos[op], invocation.processName(), describe(invocation, completion),
                linearized, omitted, states, statesBefore, pending);
    }

    /** "process 70: read -> ok 0", "process 3: cas [1, 2] -> ok". */
    static String describe(Op invocation, Op completion) {
        StringBuilder sb = new StringBuilder("process ").append(invocation.processName()).append(": ").append(invocation.f());
        if (invocation.value() != null) sb.append(' ').append(invocation.value());
        sb.append(" -> ").append(completion.type().wireName());
        if (completion.value() != null && !completion.value().equals(invocation.value())) sb.append(' ').append(completion.value());
        else if (completion.value() == null && completion.isOk() && invocation.value() == null) sb.append(" nil");
        return sb.toString();
    }
}
