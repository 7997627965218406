package dev.faultline.checkers.txn;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The consistency models a transactional history can be checked against, each as the set of
 * anomalies it forbids (Adya's phenomena as Elle names them, plus read atomicity's fractured
 * reads) and the order edges it adds to the dependency graph. Every model forbids the anomalies
 * that no database should show: {@code internal}, {@code future-read}, {@code duplicate-elements},
 * {@code incompatible-order} and {@code garbage-read}.
 */
public enum ConsistencyModel {
    READ_UNCOMMITTED(0, null, "G0", "dirty-update"),
    READ_COMMITTED(0, READ_UNCOMMITTED, "G1a", "G1b", "G1c"),
    READ_ATOMIC(0, READ_COMMITTED, "fractured-read"),
    SNAPSHOT_ISOLATION(0, READ_ATOMIC, "lost-update", "G-single", "G-nonadjacent"),
    SERIALIZABLE(0, SNAPSHOT_ISOLATION, "G2-item"),
    STRONG_SESSION_SNAPSHOT_ISOLATION(DependencyGraph.PROCESS, SNAPSHOT_ISOLATION),
    STRONG_SESSION_SERIALIZABLE(DependencyGraph.PROCESS, SERIALIZABLE),
    STRICT_SERIALIZABLE(DependencyGraph.REALTIME, SERIALIZABLE);

    private static final class Names {
        static final List<String> ALWAYS = List.of("internal", "future-read", "duplicate-elements", "incompatible-order", "garbage-read");
        static final List<String> CYCLES = List.of("G0", "G1c", "G-single", "G-nonadjacent", "G2-item");
    }

    private final int extras;
    private final Set<String> forbidden = new LinkedHashSet<>(Names.ALWAYS);

    ConsistencyModel(int extras, ConsistencyModel weaker, String... forbids) {
        this.extras = extras;
        if (weaker != null) forbidden.addAll(weaker.forbidden);
        forbidden.addAll(Arrays.asList(forbids));
        if (extras != 0) {
            String suffix = extras == DependencyGraph.REALTIME ? "-realtime" : "-process";
            for (String c : Names.CYCLES) if (forbidden.contains(c)) forbidden.add(c + suffix);
        }
    }

    /** The order edges (PROCESS or REALTIME) this model adds to the ww, wr and rw edges, or 0. */
    public int extraEdges() {
        return extras;
    }

    /** Anomaly names this model forbids. */
    public Set<String> forbidden() {
        return java.util.Collections.unmodifiableSet(forbidden);
    }

    public boolean forbids(String anomaly) {
        return forbidden.contains(anomaly);
    }

    /** e.g. "snapshot-isolation". */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @throws IllegalArgumentException naming the known models */
    public static ConsistencyModel byName(String name) {
        for (ConsistencyModel m : values()) if (m.wireName().equals(name)) return m;
        throw new IllegalArgumentException("unknown consistency model '" + name + "' (known: " + String.join(", ", names()) + ")");
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(ConsistencyModel::wireName).toList();
    }
}
