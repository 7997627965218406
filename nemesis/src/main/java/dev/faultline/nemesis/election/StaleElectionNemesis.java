package dev.faultline.nemesis.election;

import static dev.faultline.nemesis.DbAbilities.killable;

import dev.faultline.checkers.history.Op;
import dev.faultline.checkers.history.OpType;
import dev.faultline.harness.control.NodeResults;
import dev.faultline.harness.control.OnNodes;
import dev.faultline.harness.spi.Killable;
import dev.faultline.harness.spi.Nemesis;
import dev.faultline.harness.spi.TestContext;
import dev.faultline.nemesis.Primary;
import dev.faultline.nemesis.partition.PartitionNemesis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * A scripted election against a stale log, in three ops:
 * <ol>
 *   <li>{@value #LAG}: asks the target for its primary and cuts one <em>follower</em> off from every
 *       other node (iptables), so the rest keep committing without it;</li>
 *   <li>{@value #CRASH}: SIGKILLs every node but the laggard, heals the network and starts just
 *       enough of the killed nodes for a majority with the laggard; then waits (bounded) until a
 *       primary is known. The laggard is the only node with a running election timer, and every
 *       restarted node has forgotten the commit point (Raft does not persist it), so the election
 *       that follows is between a stale log and fresh nodes: a correct system elects an up-to-date
 *       node and the laggard catches up; one that grants votes without comparing logs elects the
 *       laggard, which truncates committed entries; one that serves reads before its own term's
 *       first entry commits answers from a state machine that has not re-applied its log;</li>
 *   <li>{@value #RESTART}: starts every node and heals the network (also the recovery of the final
 *       phase and of {@link #heal}).</li>
 * </ol>
 * Needs a {@link Killable} Db that knows its primary ({@code PrimaryAware}) and nodes with a network of their own.
 */
public final class StaleElectionNemesis implements Nemesis {
    public static final String LAG = "lag-follower";
    public static final String CRASH = "crash-rest";
    public static final String RESTART = "restart-all";

    private final PartitionNemesis partitions;
    private final Random random;
    private final Duration timeout;
    private final Duration settleTimeout;
    private volatile String laggard;

    public StaleElectionNemesis(long seed, Duration timeout, Duration settleTimeout) {
        this.partitions = new PartitionNemesis(seed, timeout);
        this.random = new Random(seed);
        this.timeout = timeout;
        this.settleTimeout = settleTimeout;
    }

    @Override
    public Set<String> fs() {
        return Set.of(LAG, CRASH, RESTART);
    }

    @Override
    public void setup(TestContext ctx) {
        partitions.setup(ctx);
    }

    @Override
    public Op invoke(TestContext ctx, Op invocation) throws Exception {
        return switch (invocation.f()) {
            case LAG -> lag(ctx, invocation);
            case CRASH -> crash(ctx, invocation);
            case RESTART -> restart(ctx, invocation);
            default -> throw new IllegalArgumentException("stale-election nemesis cannot do " + invocation.f());
        };
    }

    private Op lag(TestContext ctx, Op invocation) {
        List<String> nodes = ctx.cluster().names();
        Optional<String> primary = Primary.of(ctx);
        if (primary.isEmpty()) return invocation.info("no primary known: nothing cut").withValue(Map.of());
        List<String> followers = new ArrayList<>(nodes);
        followers.remove(primary.get());
        String chosen = followers.get(random.nextInt(followers.size()));
        List<String> rest = new ArrayList<>(nodes);
        rest.remove(chosen);
        Op cut = partitions.invoke(ctx, Op.invoke(invocation.process(), PartitionNemesis.START, null, chosen + "|" + String.join(",", rest)));
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("lagging", chosen);
        value.put("primary", primary.get());
        value.put("grudge", cut.value());
        if (cut.error() == null) laggard = chosen;
        return invocation.complete(OpType.INFO, value, cut.error());
    }

    private Op crash(TestContext ctx, Op invocation) throws InterruptedException {
        String lagging = laggard;
        if (lagging == null) return invocation.info("no follower is lagging: nothing crashed").withValue(Map.of());
        laggard = null;
        List<String> others = new ArrayList<>(ctx.cluster().names());
        others.remove(lagging);
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("lagging", lagging);
        NodeResults<String> killed = OnNodes.run(ctx.cluster(), others, timeout, node -> {
            killable(ctx).kill(ctx, node);
            return "killed";
        });
        value.put("killed", killed.done());
        Op healed = partitions.invoke(ctx, Op.invoke(invocation.process(), PartitionNemesis.STOP, null, null));
        Collections.shuffle(others, random);
        List<String> first = others.subList(0, ctx.cluster().size() / 2);
        NodeResults<String> started = OnNodes.run(ctx.cluster(), first, timeout, node -> {
            killable(ctx).start(ctx, node);
            return "started";
        });
        value.put("started", started.done());
        long begin = System.nanoTime();
        Optional<String> primary = Optional.empty();
        while (primary.isEmpty() && System.nanoTime() - begin < settleTimeout.toNanos()) {
            Thread.sleep(200);
            primary = Primary.of(ctx);
        }
        value.put("primary", primary.orElse(null));
        value.put("settle-ms", Duration.ofNanos(System.nanoTime() - begin).toMillis());
        String error = join(join(killed.error(), healed.error()), started.error());
        if (primary.isEmpty()) error = join(error, "no primary within " + settleTimeout.toSeconds() + " s");
        return invocation.complete(OpType.INFO, value, error);
    }

    private Op restart(TestContext ctx, Op invocation) {
        laggard = null;
        Op healed = partitions.invoke(ctx, Op.invoke(invocation.process(), PartitionNemesis.STOP, null, null));
        NodeResults<String> started = startAll(ctx);
        return invocation.complete(OpType.INFO, started.done(), join(healed.error(), started.error()));
    }

    private NodeResults<String> startAll(TestContext ctx) {
        return OnNodes.runAll(ctx.cluster(), timeout, node -> {
            killable(ctx).start(ctx, node);
            return "started";
        });
    }

    @Override
    public void heal(TestContext ctx) {
        laggard = null;
        partitions.heal(ctx);
        if (ctx.db() != null) startAll(ctx).orThrow("start on every node");
    }

    private static String join(String a, String b) {
        if (a == null) return b;
        return b == null ? a : a + "; " + b;
    }
}
