package dev.faultline.nemesis.partition;

import dev.faultline.nemesis.NodeScripts;
import dev.faultline.checkers.history.Op;
import dev.faultline.checkers.history.OpType;
import dev.faultline.nemesis.StartStopNemesis;
import dev.faultline.harness.spi.TestContext;
import dev.faultline.nemesis.Isolation;
import dev.faultline.harness.control.NodeResults;
import dev.faultline.harness.control.OnNodes;
import dev.faultline.nemesis.Primary;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Network partitions with iptables inside the nodes: each node drops, on input, packets from the
 * peers its grudge names. {@code start-partition} takes a {@link PartitionSpec} (text) and records
 * the grudge it applied; {@code stop-partition} removes our chain on every node.
 */
public final class PartitionNemesis extends StartStopNemesis {
    public static final String START = "start-partition";
    public static final String STOP = "stop-partition";

    public PartitionNemesis(long seed, Duration timeout) {
        super("partition", START, STOP, seed, timeout);
    }

    @Override
    protected Op start(TestContext ctx, Op invocation) {
        List<String> nodes = ctx.cluster().names();
        Grudge grudge;
        try {
            PartitionSpec spec = spec(invocation.value());
            grudge = spec.grudge(nodes, spec.text().equals("primaries") ? Primary.of(ctx) : Optional.empty(), random);
        } catch (IllegalArgumentException e) {
            return invocation.info(e.getMessage()).withValue(Map.of());
        }
        NodeResults<String> r = OnNodes.runAll(ctx.cluster(), timeout,
                node -> {
                    Isolation.requireOwnNetwork(node, "iptables partition");
                    return NodeScripts.run(node, "iptables partition", Iptables.dropFrom(grudge.dropsAt(node.name())), timeout);
                });
        Grudge applied = new Grudge(grudge.drops().entrySet().stream()
                .filter(e -> r.done().containsKey(e.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)))
                .ordered(nodes);
        String error = r.error();
        if (grudge.drops().isEmpty()) {
            error = join(error, "partition '" + specText(invocation.value()) + "' cut nothing (no primary known?)");
        }
        return invocation.complete(OpType.INFO, applied.toValue(), error);
    }

    @Override
    protected Op stop(TestContext ctx, Op invocation) {
        NodeResults<String> r = healAll(ctx);
        Map<String, Object> value = new LinkedHashMap<>();
        r.done().keySet().forEach(n -> value.put(n, List.of()));
        return r.complete(invocation, value);
    }

    private NodeResults<String> healAll(TestContext ctx) {
        // a local sandbox never got rules (start refuses it), and its iptables are the host's: leave them alone
        return OnNodes.runAll(ctx.cluster(), timeout, node -> Isolation.ownNetwork(node)
                ? NodeScripts.run(node, "iptables heal", Iptables.heal(), timeout) : "nothing to heal (local sandbox)");
    }

    /** Removes our chain and jump left by an earlier run. */
    @Override
    public void setup(TestContext ctx) {
        healAll(ctx).orThrow("removing leftover partitions at setup");
    }

    @Override
    public void heal(TestContext ctx) {
        healAll(ctx).orThrow("healing partitions");
    }

    static PartitionSpec spec(Object value) {
        if (value instanceof String s) return PartitionSpec.parse(s);
        throw new IllegalArgumentException("start-partition needs a partition spec (a string such as 'halves'), got " + value);
    }

    private static String specText(Object value) {
        return String.valueOf(value);
    }

    private static String join(String a, String b) {
        return a == null ? b : a + "; " + b;
    }
}
