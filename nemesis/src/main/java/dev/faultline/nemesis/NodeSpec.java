package dev.faultline.nemesis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Which nodes a fault hits: {@code one}, {@code minority}, {@code majority}, {@code all},
 * {@code primaries}, or a named list such as {@code n1,n3}.
 *
 * <p>Sizes, for a cluster of n nodes: one = 1, minority = ⌊(n-1)/2⌋ (strictly fewer than half),
 * majority = ⌊n/2⌋+1, all = n. A spec that cannot hit a proper, non-empty part of the cluster is
 * rejected by {@link #validate(List)} before the run starts: minority of fewer than 3 nodes selects
 * no node, majority of fewer than 3 nodes is the whole cluster (say {@code all}).
 */
public sealed interface NodeSpec {

    /** The spec as the user writes it. */
    String text();

    /**
     * Checks that this spec can select nodes from a cluster with these node names.
     *
     * @throws IllegalArgumentException naming the spec and why it is impossible
     */
    void validate(List<String> nodes);

    /**
     * The nodes this spec hits now, in cluster order.
     *
     * @param primary the node the target considers its primary, if it knows (only {@code primaries} uses it)
     * @return an empty list only for {@code primaries} when no primary is known
     */
    List<String> select(List<String> nodes, Optional<String> primary, Random random);

    enum Kind { ONE, MINORITY, MAJORITY, ALL, PRIMARIES }

    /** A spec chosen by size or role. */
    record Sized(Kind kind) implements NodeSpec {
        @Override
        public String text() {
            return kind.name().toLowerCase(java.util.Locale.ROOT);
        }

        /** How many nodes this spec selects in a cluster of {@code n} (primaries: 1). */
        public int count(int n) {
            return switch (kind) {
                case ONE, PRIMARIES -> 1;
                case MINORITY -> (n - 1) / 2;
                case MAJORITY -> n / 2 + 1;
                case ALL -> n;
            };
        }

        @Override
        public void validate(List<String> nodes) {
            int n = nodes.size();
            if (n < 1) throw new IllegalArgumentException("node spec '" + text() + "': the cluster has no nodes");
            if (kind == Kind.MINORITY && n < 3) {
                throw new IllegalArgumentException("node spec 'minority' is impossible with " + n
                        + " node" + (n == 1 ? "" : "s") + ": a minority of " + n + " is 0 nodes (use 'one' or a cluster of at least 3)");
            }
            if (kind == Kind.MAJORITY && n < 3) {
                throw new IllegalArgumentException("node spec 'majority' is impossible with " + n
                        + " node" + (n == 1 ? "" : "s") + ": a majority of " + n + " is the whole cluster (use 'all' or a cluster of at least 3)");
            }
        }

        @Override
        public List<String> select(List<String> nodes, Optional<String> primary, Random random) {
            validate(nodes);
            if (kind == Kind.PRIMARIES) {
                return primary.filter(nodes::contains).map(List::of).orElse(List.of());
            }
            List<String> shuffled = new ArrayList<>(nodes);
            Collections.shuffle(shuffled, random);
            Set<String> chosen = Set.copyOf(shuffled.subList(0, count(nodes.size())));
            return nodes.stream().filter(chosen::contains).toList();
        }
    }

    /** An explicit list of node names. */
    record Named(List<String> names) implements NodeSpec {
        public Named {
            names = List.copyOf(names);
            if (names.isEmpty()) throw new IllegalArgumentException("a named node list needs at least one node");
        }

        @Override
        public String text() {
            return String.join(",", names);
        }

        @Override
        public void validate(List<String> nodes) {
            List<String> unknown = names.stream().filter(n -> !nodes.contains(n)).toList();
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("node spec '" + text() + "' names " + unknown
                        + ", not in the cluster " + nodes);
            }
        }

        @Override
        public List<String> select(List<String> nodes, Optional<String> primary, Random random) {
            validate(nodes);
            return nodes.stream().filter(names::contains).toList();
        }
    }

    /**
     * Parses one spec: a keyword, or node names separated by commas.
     *
     * @throws IllegalArgumentException for a blank spec, an empty name or a repeated name
     */
    static NodeSpec parse(String text) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("node spec is empty");
        String s = text.strip();
        for (Kind k : Kind.values()) {
            if (k.name().equalsIgnoreCase(s)) return new Sized(k);
        }
        List<String> names = Arrays.stream(s.split(",", -1)).map(String::strip).toList();
        if (names.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("node spec '" + s + "': empty node name (expected one, minority, majority, all, primaries or names like n1,n3)");
        }
        if (new LinkedHashSet<>(names).size() != names.size()) {
            throw new IllegalArgumentException("node spec '" + s + "' names a node twice");
        }
        return new Named(names);
    }

    /**
     * Parses several specs separated by {@code ;} (commas belong to named lists), e.g.
     * {@code one;majority;n1,n3}.
     */
    static List<NodeSpec> parseList(String text) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("node spec list is empty");
        return Arrays.stream(text.split(";")).map(String::strip).filter(s -> !s.isEmpty()).map(NodeSpec::parse).toList();
    }
}
