package dev.faultline.nemesis.partition;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * A shape of network partition, resolved to a concrete {@link Grudge} when the fault starts.
 *
 * <ul>
 *   <li>{@code halves}: shuffle the nodes, cut the first ⌊n/2⌋ from the rest (both ways).</li>
 *   <li>{@code one}: cut one random node from all others (both ways).</li>
 *   <li>{@code primaries}: cut the target's primary from all others; nothing if none is known.</li>
 *   <li>{@code majorities-ring}: every node sees a majority, but no two nodes see the same one
 *       (a ring of shuffled nodes; each node keeps the window of ⌊n/2⌋+1 nodes around it).</li>
 *   <li>{@code bridge}: two halves cut from each other, except one node of the larger half that
 *       keeps talking to both.</li>
 *   <li>explicit components {@code n1,n2|n3,n4,n5}: each group is cut from the others (both ways).</li>
 *   <li>explicit grudge {@code n1:n3,n4;n2:n3}: n1 drops traffic from n3 and n4, n2 from n3 (one way).</li>
 * </ul>
 */
public sealed interface PartitionSpec {
    String text();

    /** @throws IllegalArgumentException if this shape cannot cut a cluster of these nodes */
    void validate(List<String> nodes);

    Grudge grudge(List<String> nodes, Optional<String> primary, Random random);

    enum Shape {
        HALVES("halves", 2), ONE("one", 2), PRIMARIES("primaries", 2), MAJORITIES_RING("majorities-ring", 3), BRIDGE("bridge", 3);

        final String text;
        final int minNodes;

        Shape(String text, int minNodes) {
            this.text = text;
            this.minNodes = minNodes;
        }
    }

    List<String> SHAPES = Arrays.stream(Shape.values()).map(s -> s.text).toList();

    /** A shape drawn at random when the fault starts. */
    record Shaped(Shape shape) implements PartitionSpec {
        @Override
        public String text() {
            return shape.text;
        }

        @Override
        public void validate(List<String> nodes) {
            if (nodes.size() < shape.minNodes) {
                throw new IllegalArgumentException("partition '" + shape.text + "' needs at least " + shape.minNodes
                        + " nodes; the cluster has " + nodes.size());
            }
        }

        @Override
        public Grudge grudge(List<String> nodes, Optional<String> primary, Random random) {
            validate(nodes);
            List<String> shuffled = new ArrayList<>(nodes);
            Collections.shuffle(shuffled, random);
            int n = nodes.size();
            Grudge g = switch (shape) {
                case HALVES -> Grudge.complete(nodes, List.of(shuffled.subList(0, n / 2), shuffled.subList(n / 2, n)));
                case ONE -> isolate(nodes, shuffled.get(0));
                case PRIMARIES -> primary.filter(nodes::contains).map(p -> isolate(nodes, p)).orElse(new Grudge(Map.of()));
                case MAJORITIES_RING -> majoritiesRing(shuffled);
                case BRIDGE -> bridge(nodes, shuffled);
            };
            return g.ordered(nodes);
        }

        private static Grudge isolate(List<String> nodes, String loner) {
            List<String> rest = nodes.stream().filter(x -> !x.equals(loner)).toList();
            return Grudge.complete(nodes, List.of(List.of(loner), rest));
        }

        private static Grudge majoritiesRing(List<String> ring) {
            int n = ring.size();
            int m = n / 2 + 1;
            Map<String, List<String>> drops = new LinkedHashMap<>();
            for (int start = 0; start < n; start++) {
                Set<String> window = new HashSet<>();
                for (int k = 0; k < m; k++) window.add(ring.get((start + k) % n));
                String centre = ring.get((start + m / 2) % n);
                drops.put(centre, ring.stream().filter(x -> !window.contains(x)).toList());
            }
            return new Grudge(drops);
        }

        private static Grudge bridge(List<String> nodes, List<String> shuffled) {
            int n = shuffled.size();
            List<String> small = shuffled.subList(0, n / 2);
            List<String> large = shuffled.subList(n / 2, n);
            String bridge = large.get(0);
            Grudge halves = Grudge.complete(nodes, List.of(small, large));
            Map<String, List<String>> drops = new LinkedHashMap<>();
            halves.drops().forEach((node, peers) -> {
                if (!node.equals(bridge)) drops.put(node, peers.stream().filter(p -> !p.equals(bridge)).toList());
            });
            return new Grudge(drops);
        }
    }

    /** A fixed grudge given by the user. */
    record Explicit(String text, Map<String, List<String>> drops) implements PartitionSpec {
        public Explicit {
            drops = Collections.unmodifiableMap(new LinkedHashMap<>(drops));
        }

        @Override
        public void validate(List<String> nodes) {
            Set<String> named = new HashSet<>(drops.keySet());
            drops.values().forEach(named::addAll);
            List<String> unknown = named.stream().filter(x -> !nodes.contains(x)).sorted().toList();
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("partition '" + text + "' names " + unknown + ", not in the cluster " + nodes);
            }
        }

        @Override
        public Grudge grudge(List<String> nodes, Optional<String> primary, Random random) {
            validate(nodes);
            return new Grudge(drops).ordered(nodes);
        }
    }

    /**
     * Parses a shape name, components ({@code n1,n2|n3,n4}) or a directed grudge
     * ({@code n1:n3,n4;n2:n3}).
     */
    static PartitionSpec parse(String text) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("partition spec is empty");
        String s = text.strip();
        for (Shape shape : Shape.values()) {
            if (shape.text.equalsIgnoreCase(s)) return new Shaped(shape);
        }
        if (s.contains("|")) return parseComponents(s);
        if (s.contains(":")) return parseDirected(s);
        throw new IllegalArgumentException("unknown partition '" + s + "': expected one of " + SHAPES
                + ", components like n1,n2|n3,n4,n5, or a grudge like n1:n3,n4;n2:n3");
    }

    private static PartitionSpec parseComponents(String s) {
        List<List<String>> components = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String part : s.split("\\|", -1)) {
            List<String> names = names(s, part);
            for (String n : names) {
                if (!seen.add(n)) throw new IllegalArgumentException("partition '" + s + "' puts node " + n + " in two groups");
            }
            components.add(names);
        }
        List<String> all = components.stream().flatMap(List::stream).toList();
        return new Explicit(s, Grudge.complete(all, components).drops());
    }

    private static PartitionSpec parseDirected(String s) {
        Map<String, List<String>> drops = new LinkedHashMap<>();
        for (String entry : s.split(";")) {
            if (entry.isBlank()) continue;
            int colon = entry.indexOf(':');
            if (colon < 0) throw new IllegalArgumentException("partition '" + s + "': entry '" + entry.strip() + "' lacks ':' (expected node:peer,peer)");
            String node = entry.substring(0, colon).strip();
            if (node.isEmpty()) throw new IllegalArgumentException("partition '" + s + "': entry '" + entry.strip() + "' has no node before ':'");
            if (drops.containsKey(node)) throw new IllegalArgumentException("partition '" + s + "' lists node " + node + " twice");
            List<String> peers = names(s, entry.substring(colon + 1));
            if (peers.contains(node)) throw new IllegalArgumentException("partition '" + s + "': node " + node + " cannot be cut from itself");
            drops.put(node, peers);
        }
        if (drops.isEmpty()) throw new IllegalArgumentException("partition '" + s + "' cuts nothing");
        return new Explicit(s, drops);
    }

    private static List<String> names(String whole, String part) {
        List<String> names = Arrays.stream(part.split(",", -1)).map(String::strip).toList();
        if (names.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("partition '" + whole + "': empty node name in '" + part.strip() + "'");
        }
        return names;
    }
}
