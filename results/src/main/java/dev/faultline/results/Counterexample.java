package dev.faultline.results;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.Op;
import dev.faultline.checkers.result.CheckResult;
import dev.faultline.checkers.result.Validity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A linearizability counterexample read from a checker's detail: the op that cannot be linearized,
 * the longest linearizable prefix before it, and the model states that prefix can leave.
 *
 * <p>The detail is read by field name, so that the report works both on the checker's record and on
 * its JSON read back from results.json. Op indices are history indices; if they only make sense as
 * indices into the client-only history ({@link History#clientOps()}) they are mapped back.
 *
 * @param failing  invocation index of the op that cannot be linearized
 * @param prefix   invocation indices of the longest linearizable prefix, in linearization order (maybe only its end)
 * @param omitted  how many earlier prefix ops the checker left out of {@code prefix}
 * @param states   the model states the prefix can leave (the op fits none of them)
 * @param prefixStates the model state before each prefix op and after the last, when the checker gives them
 * @param involved invocation indices the checker names as involved (e.g. pending ops)
 */
record Counterexample(String checker, String key, int failing, List<Integer> prefix, long omitted, List<JsonNode> states,
        List<JsonNode> prefixStates, List<Integer> involved, String sentence) {

    static final int MAX_WINDOW = 40;
    private static final String[] FAILING = {"invocation", "op", "failingOp", "failingOpIndex", "failing", "opIndex", "failedOp", "failedOpIndex", "lastOp"};
    private static final String[] PREFIX = {"linearizedPrefix", "prefix", "linearized", "longestPrefix", "prefixOps",
            "linearizablePrefix", "longestLinearizablePrefix", "prefixIndices", "linearizedPrefixIndices"};
    private static final String[] STATES = {"modelStatesBefore", "statesBefore", "modelStates", "states", "stateBefore",
            "modelsBefore", "models", "finalStates", "possibleStates"};
    private static final String[] INVOLVED = {"pending", "concurrent", "window", "involved", "concurrentOps", "involvedOps"};

    /** Every counterexample in the invalid parts of the result tree. */
    static List<Counterexample> find(CheckResult root, History h) {
        List<Counterexample> all = new ArrayList<>();
        walk(root, h, all);
        // A composed result often repeats its first child's evidence: keep each failing op once.
        List<Counterexample> out = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (Counterexample c : all) if (seen.add(c.key() + "\u0000" + c.failing())) out.add(c);
        return out;
    }

    private static void walk(CheckResult r, History h, List<Counterexample> out) {
        if (r.validity() != Validity.INVALID) return;
        if (r.detail() != null) {
            Counterexample c = parse(r.checker(), Json.mapper().valueToTree(r.detail()), h);
            if (c != null) out.add(c);
        }
        for (CheckResult child : r.children()) walk(child, h, out);
    }

    static Counterexample parse(String checker, JsonNode d, History h) {
        if (!d.isObject()) return null;
        JsonNode failingNode = pick(d, FAILING);
        Long failingRaw = indexOf(failingNode);
        boolean looksLinear = checker.toLowerCase(java.util.Locale.ROOT).contains("linear")
                || pick(d, PREFIX) != null || pick(d, STATES) != null;
        if (failingRaw == null || !looksLinear || h.size() == 0) return null;
        String key = d.path("key").isValueNode() && !d.path("key").isNull() ? d.path("key").asText() : null;
        List<Long> prefixRaw = indices(pick(d, PREFIX));
        List<Long> involvedRaw = indices(pick(d, INVOLVED));
        IndexSpace space = IndexSpace.choose(h, key, failingRaw, prefixRaw);
        int failing = space.invocation(failingRaw);
        if (failing < 0) return null;
        if (key == null) key = h.get(failing).key();
        List<Integer> prefix = new ArrayList<>();
        for (long p : prefixRaw) {
            int i = space.invocation(p);
            if (i >= 0) prefix.add(i);
        }
        List<JsonNode> states = new ArrayList<>();
        JsonNode s = pick(d, STATES);
        if (s != null && s.isArray()) s.forEach(states::add);
        else if (s != null) states.add(s);
        List<Integer> involved = new ArrayList<>();
        for (long p : involvedRaw) {
            int i = space.invocation(p);
            if (i >= 0) involved.add(i);
        }
        long omitted = d.path("omitted").asLong(0);
        List<JsonNode> prefixStates = new ArrayList<>();
        JsonNode ps = d.get("states");
        if (ps != null && ps.isArray() && ps.size() == prefixRaw.size() + 1 && ps != pick(d, STATES)) ps.forEach(prefixStates::add);
        return new Counterexample(checker, key, failing, prefix, omitted, states, prefixStates, involved,
                sentence(h, key, failing, prefix.size() + omitted, states));
    }

    /** "read of key k1 returned 3, but every linearization of the 12 ops before it leaves 4". */
    static String sentence(History h, String key, int failing, long prefixSize, List<JsonNode> states) {
        Op in = h.get(failing);
        int c = h.completion(failing);
        Op out = c >= 0 ? h.get(c) : null;
        String onKey = key == null ? "" : " of key " + key;
        String what;
        String f = in.f();
        if (out != null && out.isOk() && (f.equals("read") || f.equals("get"))) {
            what = f + onKey + " returned " + OpText.value(out.value());
        } else if (f.equals("write") || f.equals("put") || f.equals("set")) {
            what = f + " of " + OpText.value(in.value()) + (key == null ? "" : " to key " + key) + outcome(out);
        } else if (f.equals("cas") && in.value() instanceof List<?> l && l.size() == 2) {
            what = "cas" + onKey + " from " + OpText.value(l.get(0)) + " to " + OpText.value(l.get(1)) + outcome(out);
        } else {
            what = f + onKey + (in.value() == null ? "" : " with " + OpText.value(in.value())) + outcome(out)
                    + (out != null && out.isOk() && !Objects.equals(out.value(), in.value()) ? " returning " + OpText.value(out.value()) : "");
        }
        String before = prefixSize == 0 ? "every linearization" : "every linearization of the " + prefixSize + (prefixSize == 1 ? " op" : " ops") + " before it";
        if (states.isEmpty()) return what + ", but no linearization of the ops before it allows that";
        return what + ", but " + before + " leaves " + statesText(states);
    }

    private static String outcome(Op out) {
        if (out == null) return " (never completed)";
        return switch (out.type()) {
            case OK -> " succeeded";
            case FAIL -> " failed";
            default -> " timed out (info)";
        };
    }

    static String statesText(List<JsonNode> states) {
        List<String> parts = new ArrayList<>();
        for (JsonNode s : states) {
            if (parts.size() == 8) {
                parts.add("… (" + states.size() + " states)");
                break;
            }
            parts.add(state(s));
        }
        return parts.size() == 1 ? parts.get(0) : "one of " + String.join(", ", parts);
    }

    /** A model state in words: a single-field object shows just its value ({"value":4} is 4). */
    static String state(JsonNode s) {
        if (s == null || s.isNull()) return "nil";
        if (s.isObject() && s.size() == 1) return state(s.elements().next());
        if (s.isTextual()) return s.asText();
        return s.toString();
    }

    /**
     * Invocation indices of the ops to draw around the failing op, in invocation order: the op, the
     * ops the checker names, the last prefix ops, then the ops on its key overlapping it in time,
     * nearest first, up to {@link #MAX_WINDOW}. One pass over the history.
     */
    List<Integer> window(History h) {
        return window(h, key, failing, prefix, involved);
    }

    private static List<Integer> window(History h, String key, int failing, List<Integer> prefix, List<Integer> involved) {
        Op in = h.get(failing);
        int fc = h.completion(failing);
        long from = in.time();
        long to = fc >= 0 ? h.get(fc).time() : Long.MAX_VALUE;
        Set<Integer> out = new LinkedHashSet<>();
        out.add(failing);
        out.addAll(involved);
        for (int i = Math.max(0, prefix.size() - 4); i < prefix.size(); i++) out.add(prefix.get(i));
        List<Integer> overlapping = new ArrayList<>();
        for (int i = 0; i < h.size(); i++) {
            Op op = h.get(i);
            if (!op.isInvoke() || op.isNemesis() || i == failing) continue;
            if (key != null && !key.equals(op.key())) continue;
            int c = h.completion(i);
            long end = c >= 0 ? h.get(c).time() : Long.MAX_VALUE;
            if (op.time() <= to && end >= from) overlapping.add(i);
        }
        long mid = from;
        overlapping.sort(Comparator.comparingLong(i -> Math.abs(h.get(i).time() - mid)));
        for (int i : overlapping) {
            if (out.size() >= MAX_WINDOW) break;
            out.add(i);
        }
        List<Integer> sorted = new ArrayList<>(out);
        sorted.sort(Comparator.naturalOrder());
        return sorted;
    }

    private static JsonNode pick(JsonNode d, String[] names) {
        for (String n : names) {
            JsonNode v = d.get(n);
            if (v != null && !v.isNull()) return v;
        }
        return null;
    }

    private static Long indexOf(JsonNode n) {
        if (n == null) return null;
        if (n.isIntegralNumber()) return n.asLong();
        if (n.isObject() && n.path("index").isIntegralNumber()) return n.path("index").asLong();
        return null;
    }

    private static List<Long> indices(JsonNode n) {
        List<Long> out = new ArrayList<>();
        if (n == null || !n.isArray()) return out;
        for (JsonNode e : n) {
            Long i = indexOf(e);
            if (i != null) out.add(i);
        }
        return out;
    }

    /** Whether a checker's op indices count every op, or only client ops (nemesis ops removed). */
    private record IndexSpace(History h, int[] clientToFull) {
        static IndexSpace choose(History h, String key, long failing, List<Long> prefix) {
            IndexSpace full = new IndexSpace(h, null);
            if (h.nemesisOps().isEmpty()) return full;
            int[] map = new int[h.size() - h.nemesisOps().size()];
            for (int i = 0, n = 0; i < h.size(); i++) if (!h.get(i).isNemesis()) map[n++] = i;
            IndexSpace client = new IndexSpace(h, map);
            return client.score(key, failing, prefix) > full.score(key, failing, prefix) ? client : full;
        }

        int toFull(long i) {
            if (i < 0) return -1;
            if (clientToFull == null) return i < h.size() ? (int) i : -1;
            return i < clientToFull.length ? clientToFull[(int) i] : -1;
        }

        /** The invocation of the op the index names (it may name the completion). */
        int invocation(long i) {
            int full = toFull(i);
            if (full < 0) return -1;
            Op op = h.get(full);
            if (op.isInvoke()) return full;
            return h.invocation(full);
        }

        private int score(String key, long failing, List<Long> prefix) {
            int s = 0;
            for (long i : concat(failing, prefix)) {
                int full = toFull(i);
                if (full < 0) {
                    s -= 2;
                    continue;
                }
                Op op = h.get(full);
                if (op.isNemesis()) s -= 2;
                else if (key == null || key.equals(op.key())) s++;
            }
            return s;
        }

        private static List<Long> concat(long first, List<Long> rest) {
            List<Long> all = new ArrayList<>(rest.size() + 1);
            all.add(first);
            all.addAll(rest);
            return all;
        }
    }
}
