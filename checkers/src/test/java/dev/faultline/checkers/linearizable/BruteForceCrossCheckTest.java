package dev.faultline.checkers.linearizable;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.Op;
import dev.faultline.checkers.model.Machine;
import dev.faultline.checkers.model.Models;
import dev.faultline.checkers.model.Transition;
import dev.faultline.checkers.result.Validity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The search with its reductions (state-preserving ops, dropped info ops) against the definition:
 * every order of every subset of ops of unknown outcome, on thousands of small random histories.
 */
class BruteForceCrossCheckTest {
    private static final Budget BUDGET = new Budget(Duration.ofSeconds(30), 1_000_000);

    @ParameterizedTest
    @ValueSource(strings = {"cas-register", "mutex", "kv"})
    void agreesWithExhaustiveSearch(String model) {
        agreesWithExhaustiveSearch(model, 14, 17);
    }

    /** Many timed-out writes and cas with few values: exercises placing same-effect unknown ops in invocation order. */
    @Test
    void agreesWithExhaustiveSearchWhenMostOpsTimeOut() {
        agreesWithExhaustiveSearch("cas-register", 8, 18);
    }

    /** Completions: ok below {@code okBelow} of 20, info below {@code infoBelow}, fail above. */
    private static void agreesWithExhaustiveSearch(String model, int okBelow, int infoBelow) {
        SplittableRandom random = new SplittableRandom(42);
        int valid = 0, invalid = 0;
        for (int i = 0; i < 4_000; i++) {
            History h = randomHistory(random, model, okBelow, infoBelow);
            boolean expected = bruteForce(h, model);
            Validity got = new LinearizabilityChecker(Models.byName(model), model.equals("mutex") ? null : 0L, BUDGET, 1).check(h).validity();
            boolean served = h.ops().stream().anyMatch(Op::isOk);
            Validity want = !served ? Validity.UNKNOWN : expected ? Validity.VALID : Validity.INVALID;
            assertThat(got).as("history %d: %s", i, h.ops()).isEqualTo(want);
            if (expected) valid++;
            else invalid++;
        }
        assertThat(valid).as("valid histories generated").isGreaterThan(500);
        assertThat(invalid).as("invalid histories generated").isGreaterThan(500);
    }

    private static History randomHistory(SplittableRandom random, String model, int okBelow, int infoBelow) {
        int processes = 3;
        int[] id = {0, 1, 2};
        Op[] inFlight = new Op[processes];
        int toInvoke = 2 + random.nextInt(7);
        List<Op> ops = new ArrayList<>();
        while (toInvoke > 0 || (random.nextInt(4) != 0 && anyInFlight(inFlight))) {
            int w = random.nextInt(processes);
            if (inFlight[w] == null) {
                if (toInvoke == 0) continue;
                toInvoke--;
                boolean kv = model.equals("kv");
                Op inv = model.equals("mutex")
                        ? Op.invoke(id[w], random.nextBoolean() ? "acquire" : "release", null, null)
                        : switch (random.nextInt(3)) {
                            case 0 -> Op.invoke(id[w], kv ? "get" : "read", null, null);
                            case 1 -> Op.invoke(id[w], kv ? "put" : "write", null, (long) random.nextInt(3));
                            default -> Op.invoke(id[w], "cas", null, List.of((long) random.nextInt(3), (long) random.nextInt(3)));
                        };
                inFlight[w] = inv;
                ops.add(inv);
            } else {
                Op inv = inFlight[w];
                int roll = random.nextInt(20);
                if (roll < okBelow) ops.add(inv.ok(inv.f().equals("read") || inv.f().equals("get") ? (Object) (long) random.nextInt(3) : inv.value()));
                else if (roll < infoBelow) ops.add(inv.info("timeout"));
                else ops.add(inv.fail("refused"));
                if (roll >= okBelow && roll < infoBelow) id[w] += processes;
                inFlight[w] = null;
            }
        }
        return History.of(ops);
    }

    private static boolean anyInFlight(Op[] inFlight) {
        for (Op op : inFlight) if (op != null) return true;
        return false;
    }

    /** Straight from the definition: some order of all ok ops and any subset of unknown ones fits the model and real time. */
    private static boolean bruteForce(History h, String model) {
        Machine machine = Models.byName(model).machine(model.equals("mutex") ? null : 0L);
        List<Transition> transitions = new ArrayList<>();
        List<long[]> intervals = new ArrayList<>();
        List<Boolean> required = new ArrayList<>();
        for (int i = 0; i < h.size(); i++) {
            Op op = h.get(i);
            if (!op.isInvoke()) continue;
            int c = h.completion(i);
            if (c >= 0 && h.get(c).isFail()) continue;
            boolean ok = c >= 0 && h.get(c).isOk();
            transitions.add(machine.transition(op, ok ? h.get(c) : null));
            intervals.add(new long[] {i, ok ? c : Long.MAX_VALUE});
            required.add(ok);
        }
        return search(0, machine.init(), transitions, intervals, required, new HashSet<>());
    }

    private static boolean search(int done, long state, List<Transition> t, List<long[]> iv, List<Boolean> required, Set<String> failed) {
        int n = t.size();
        boolean allRequired = true;
        for (int i = 0; i < n; i++) if ((done & (1 << i)) == 0 && required.get(i)) allRequired = false;
        if (allRequired) return true;
        if (failed.contains(done + "/" + state)) return false;
        for (int o = 0; o < n; o++) {
            if ((done & (1 << o)) != 0) continue;
            boolean mayGoNext = true;
            for (int p = 0; p < n; p++) {
                if (p != o && (done & (1 << p)) == 0 && iv.get(p)[1] < iv.get(o)[0]) mayGoNext = false;
            }
            if (!mayGoNext) continue;
            long after = t.get(o).apply(state);
            if (after != Transition.INCONSISTENT && search(done | (1 << o), after, t, iv, required, failed)) return true;
        }
        failed.add(done + "/" + state);
        return false;
    }

}
