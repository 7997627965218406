package dev.faultline.harness.run;

import dev.faultline.harness.spi.NemesisFactory;
import dev.faultline.harness.spi.ParamSpec;
import dev.faultline.harness.spi.Target;
import dev.faultline.harness.spi.WorkloadFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Checks the {@code --param} keys of a run against what its target, workload and nemeses declare
 * ({@link ParamSpec}): a key nobody in the run reads is an error naming the closest declared key
 * (a typo such as {@code clock.max-delte}) or the part outside the run that would read it.
 */
public final class ParamCheck {
    /** Declarations by owner, e.g. "target raft-kv" → its specs, in the order the run's parts come. */
    private final Map<String, List<ParamSpec>> inRun;
    /** Declarations of parts this run does not use (for a better message only). */
    private final Map<String, List<ParamSpec>> elsewhere;

    public ParamCheck(Map<String, List<ParamSpec>> inRun, Map<String, List<ParamSpec>> elsewhere) {
        this.inRun = new LinkedHashMap<>(inRun);
        this.elsewhere = new LinkedHashMap<>(elsewhere);
    }

    /** The declarations of the run's target, workload and nemeses, and those of every other registered part. */
    public static ParamCheck of(Registry registry, Target target, WorkloadFactory workload, List<NemesisFactory> nemeses) {
        Map<String, List<ParamSpec>> in = new LinkedHashMap<>();
        in.put("target " + target.name(), target.params());
        in.put("workload " + workload.name(), workload.params());
        for (NemesisFactory n : nemeses) in.put("nemesis " + n.name(), n.params());
        Map<String, List<ParamSpec>> out = new LinkedHashMap<>();
        if (registry != null) {
            registry.targets().forEach((name, t) -> out.putIfAbsent("target " + name, t.params()));
            registry.workloads().forEach((name, w) -> out.putIfAbsent("workload " + name, w.params()));
            registry.nemeses().forEach((name, n) -> out.putIfAbsent("nemesis " + name, n.params()));
        }
        in.keySet().forEach(out::remove);
        return new ParamCheck(in, out);
    }

    /** @throws IllegalArgumentException for the first key (in sorted order) that nothing in the run declares */
    public void check(Iterable<String> keys) {
        for (String key : new TreeSet<>(toList(keys))) {
            if (declaredInRun(key)) continue;
            throw new IllegalArgumentException(message(key));
        }
    }

    private boolean declaredInRun(String key) {
        return inRun.values().stream().flatMap(List::stream).anyMatch(s -> s.covers(key));
    }

    private String message(String key) {
        String owners = String.join(", ", inRun.keySet());
        for (Map.Entry<String, List<ParamSpec>> e : elsewhere.entrySet()) {
            if (e.getValue().stream().anyMatch(s -> s.covers(key))) {
                return "--param " + key + " is read by " + e.getKey() + ", which this run does not use (it has " + owners + ")";
            }
        }
        List<String> known = inRun.values().stream().flatMap(List::stream).filter(s -> !s.isNamespace()).map(ParamSpec::name).toList();
        String closest = closest(key, known);
        StringBuilder m = new StringBuilder("unknown --param " + key + ": not declared by " + owners);
        if (closest != null) m.append("; did you mean --param ").append(closest).append('?');
        else if (known.isEmpty()) m.append(", which take no parameters");
        m.append(" (faultline list shows every parameter)");
        return m.toString();
    }

    /** The known key nearest to {@code key} by edit distance, if it is near enough to be a likely typo. */
    static String closest(String key, List<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = levenshtein(key, k);
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        if (best == null) return null;
        return bestDistance <= Math.max(2, Math.min(key.length(), best.length()) / 3) ? best : null;
    }

    static int levenshtein(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static List<String> toList(Iterable<String> keys) {
        List<String> out = new ArrayList<>();
        keys.forEach(out::add);
        return out;
    }
}
