package dev.faultline.targetfile;

import dev.faultline.harness.control.ExecResult;
import dev.faultline.harness.control.Node;
import dev.faultline.harness.control.RemoteException;
import dev.faultline.harness.spi.PrimaryAware;
import dev.faultline.harness.spi.TestContext;
import dev.faultline.targetfile.TargetDefinition.UnsafePlan;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link FileDb} whose file gives a {@code daemon.primary} command: it runs on every node, and
 * each prints the name of the node it takes for the primary (or nothing). The primary is the name
 * printed by the most nodes; a tie or no answer is no primary. A command that prints {@code {node}}
 * only where this node leads works as well as one that asks who leads.
 */
final class PrimaryFileDb extends FileDb implements PrimaryAware {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    PrimaryFileDb(TargetDefinition target, NodeVars.Settings settings, List<UnsafePlan> unsafe) {
        super(target, settings, unsafe);
        if (target.daemon().primary().isEmpty()) throw new IllegalArgumentException(target.file() + " has no daemon.primary");
    }

    @Override
    public Optional<String> primary(TestContext ctx) {
        Map<String, Integer> votes = new HashMap<>();
        for (Node n : ctx.cluster().nodes()) {
            String script = plan().primary().orElseThrow().expand(vars(ctx, n));
            try {
                ExecResult r = n.remote().sh(script, TIMEOUT);
                String answer = r.ok() ? r.stdout().strip().split("\n")[0].strip() : "";
                if (!answer.isEmpty() && ctx.cluster().names().contains(answer)) votes.merge(answer, 1, Integer::sum);
            } catch (RemoteException e) {
                // a node that does not answer (partitioned, paused) casts no vote
            }
        }
        int best = votes.values().stream().max(Integer::compare).orElse(0);
        List<String> leaders = votes.entrySet().stream().filter(e -> e.getValue() == best).map(Map.Entry::getKey).toList();
        return leaders.size() == 1 ? Optional.of(leaders.get(0)) : Optional.empty();
    }
}
