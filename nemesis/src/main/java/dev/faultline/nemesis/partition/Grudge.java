package dev.faultline.nemesis.partition;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who drops whose traffic: for each node, the peers whose packets it drops on input. A node with
 * no entry drops nothing. This map is also the history record of a partition
 * ({@code {"n1":["n3","n4"],...}}: n1 is cut from n3 and n4).
 */
public record Grudge(Map<String, List<String>> drops) {
    public Grudge {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        drops.forEach((node, peers) -> {
            if (peers.contains(node)) throw new IllegalArgumentException("node " + node + " cannot be cut from itself");
            if (!peers.isEmpty()) copy.put(node, List.copyOf(peers));
        });
        drops = java.util.Collections.unmodifiableMap(copy);
    }

    /** Every node is cut from every node outside its own component. */
    public static Grudge complete(List<String> nodes, Collection<? extends Collection<String>> components) {
        Map<String, List<String>> drops = new LinkedHashMap<>();
        for (String node : nodes) {
            Collection<String> own = List.of(node);
            for (Collection<String> c : components) {
                if (c.contains(node)) own = c;
            }
            Collection<String> component = own;
            drops.put(node, nodes.stream().filter(n -> !component.contains(n)).toList());
        }
        return new Grudge(drops);
    }

    /** The nodes {@code node} drops traffic from (empty if none). */
    public List<String> dropsAt(String node) {
        return drops.getOrDefault(node, List.of());
    }

    /** The same grudge restricted to the given nodes and with peers kept in cluster order. */
    public Grudge ordered(List<String> nodes) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String n : nodes) {
            Set<String> peers = Set.copyOf(dropsAt(n));
            List<String> sorted = new ArrayList<>();
            for (String p : nodes) if (peers.contains(p)) sorted.add(p);
            out.put(n, sorted);
        }
        return new Grudge(out);
    }

    /** The history value: node name to the list of peers it is cut from. */
    public Map<String, Object> toValue() {
        return new LinkedHashMap<>(drops);
    }
}
