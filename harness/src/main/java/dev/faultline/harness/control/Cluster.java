package dev.faultline.harness.control;

import java.util.List;
import java.util.NoSuchElementException;

/** The provisioned nodes, in name order. */
public record Cluster(List<Node> nodes) {
    public Cluster {
        nodes = List.copyOf(nodes);
    }

    public Node node(String name) {
        for (Node n : nodes) if (n.name().equals(name)) return n;
        throw new NoSuchElementException("no node named " + name + " in " + names());
    }

    public List<String> names() {
        return nodes.stream().map(Node::name).toList();
    }

    public int size() {
        return nodes.size();
    }
}
