package dev.faultline.paxos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * A Paxos ballot: a counter, ties broken by the proposing node's id, so two proposers never use the
 * same ballot. On the wire and on disk: {@code [counter, "node"]}.
 */
record Ballot(long counter, String node) implements Comparable<Ballot> {
    /** Below every ballot a proposer uses: what an acceptor that never promised anything holds. */
    static final Ballot ZERO = new Ballot(0, "");

    @Override
    public int compareTo(Ballot o) {
        int c = Long.compare(counter, o.counter);
        return c != 0 ? c : node.compareTo(o.node);
    }

    boolean greaterThan(Ballot o) {
        return compareTo(o) > 0;
    }

    ArrayNode toJson() {
        return JsonNodeFactory.instance.arrayNode().add(counter).add(node);
    }

    static Ballot fromJson(JsonNode n) {
        if (n == null || !n.isArray() || n.size() != 2 || !n.get(0).isIntegralNumber() || !n.get(1).isTextual()) {
            throw new IllegalArgumentException("a ballot is [counter, \"node\"], got " + n);
        }
        return new Ballot(n.get(0).asLong(), n.get(1).asText());
    }

    @Override
    public String toString() {
        return counter + "." + node;
    }
}
