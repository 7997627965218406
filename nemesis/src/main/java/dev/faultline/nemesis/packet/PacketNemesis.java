package dev.faultline.nemesis.packet;

import dev.faultline.nemesis.NodeScripts;
import dev.faultline.checkers.history.Op;
import dev.faultline.harness.control.ExecResult;
import dev.faultline.harness.control.Node;
import dev.faultline.nemesis.StartStopNemesis;
import dev.faultline.harness.spi.TestContext;
import dev.faultline.nemesis.Isolation;
import dev.faultline.harness.control.NodeResults;
import dev.faultline.nemesis.NodeSpec;
import dev.faultline.harness.control.OnNodes;
import dev.faultline.nemesis.Primary;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Packet faults with {@code tc netem} inside the nodes, per destination: each chosen node delays,
 * drops, duplicates or reorders the packets it sends to the other cluster nodes (or to the nodes
 * named by {@code "to"}). Traffic to anything else (the controller, clients) is untouched.
 *
 * <p>{@code start-packet} {@code {"targets":"one","netem":{"delay-ms":100,"jitter-ms":20}}} records
 * {@code {"n2":{"to":["n1","n3"],"netem":"delay 100ms 20ms distribution normal"}}};
 * {@code stop-packet} removes our qdiscs from every node.
 */
public final class PacketNemesis extends StartStopNemesis {
    public static final String START = "start-packet";
    public static final String STOP = "stop-packet";

    public PacketNemesis(long seed, Duration timeout) {
        super("packet", START, STOP, seed, timeout);
    }

    @Override
    protected Op stop(TestContext ctx, Op invocation) {
        NodeResults<String> r = healAll(ctx);
        Map<String, Object> value = new LinkedHashMap<>();
        r.done().keySet().forEach(n -> value.put(n, "removed"));
        return r.complete(invocation, value);
    }

    @Override
    protected Op start(TestContext ctx, Op invocation) {
        List<String> nodes = ctx.cluster().names();
        List<String> chosen;
        List<String> to;
        Netem netem;
        try {
            if (!(invocation.value() instanceof Map<?, ?> v)) {
                throw new IllegalArgumentException("start-packet needs {\"targets\":spec,\"netem\":{...}}, got " + invocation.value());
            }
            if (!(v.get("targets") instanceof String t)) throw new IllegalArgumentException("start-packet needs \"targets\": a node spec");
            netem = Netem.fromValue(v.get("netem"));
            NodeSpec spec = NodeSpec.parse(t);
            chosen = spec.select(nodes, Primary.forSpec(ctx, spec), random);
            if (v.get("to") instanceof String s) {
                NodeSpec dest = NodeSpec.parse(s);
                to = dest.select(nodes, Primary.forSpec(ctx, dest), random);
            } else {
                to = nodes;
            }
            if (chosen.isEmpty()) throw new IllegalArgumentException("start-packet targets '" + t + "' selected no node (no primary known?)");
        } catch (IllegalArgumentException e) {
            return invocation.info(e.getMessage()).withValue(Map.of());
        }
        List<String> dests = to;
        NodeResults<Map<String, Object>> r = OnNodes.run(ctx.cluster(), chosen, timeout, node -> {
            List<String> peers = dests.stream().filter(p -> !p.equals(node.name())).toList();
            Map<String, Object> done = new LinkedHashMap<>();
            done.put("to", peers);
            done.put("netem", netem.argsText());
            done.put("via", apply(node, peers, netem));
            return done;
        });
        return r.complete(invocation);
    }

    /**
     * Applies the fault on one node with tc netem; on a kernel without netem, loss alone falls back
     * to iptables. Returns how it was done; throws (so the node is recorded as failed) otherwise.
     */
    private String apply(Node node, List<String> peers, Netem netem) {
        Isolation.requireOwnNetwork(node, "packet fault");
        ExecResult r = node.remote().sh(Tc.apply(peers, netem), timeout);
        if (r.ok()) return "tc netem";
        if ((r.exitCode() == Tc.UNSUPPORTED_EXIT || r.exitCode() == Tc.FOREIGN_EXIT) && netem.lossOnly()) {
            NodeScripts.run(node, "iptables packet loss", IptablesLoss.apply(peers, netem.lossPct()), timeout);
            return r.exitCode() == Tc.UNSUPPORTED_EXIT ? "iptables statistic (this kernel has no netem)"
                    : "iptables statistic (the node's own root qdisc is left alone)";
        }
        r.orThrow("tc netem on " + node.name());
        throw new IllegalStateException("unreachable");
    }

    private NodeResults<String> healAll(TestContext ctx) {
        return OnNodes.runAll(ctx.cluster(), timeout, node -> {
            if (!Isolation.ownNetwork(node)) return "removed"; // start refuses local sandboxes; their tc and iptables are the host's
            NodeScripts.run(node, "tc heal", Tc.heal(), timeout);
            NodeScripts.run(node, "iptables packet heal", IptablesLoss.heal(), timeout);
            return "removed";
        });
    }

    /** Removes our qdiscs and loss rules left by an earlier run. */
    @Override
    public void setup(TestContext ctx) {
        healAll(ctx).orThrow("removing leftover packet faults at setup");
    }

    @Override
    public void heal(TestContext ctx) {
        healAll(ctx).orThrow("removing packet faults");
    }
}
