package dev.faultline.nemesis.process;

import static dev.faultline.nemesis.DbAbilities.killable;
import static dev.faultline.nemesis.DbAbilities.pausable;

import dev.faultline.checkers.history.Op;
import dev.faultline.checkers.history.OpType;
import dev.faultline.harness.control.NodeResults;
import dev.faultline.harness.control.OnNodes;
import dev.faultline.harness.spi.Killable;
import dev.faultline.harness.spi.Nemesis;
import dev.faultline.harness.spi.Pausable;
import dev.faultline.harness.spi.TestContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A scripted episode around one survivor's in-flight requests, in four ops:
 * <ol>
 *   <li>{@value #CRASH}: picks a random survivor and SIGKILLs every other node, so the survivor
 *       works alone (and, say, retries what it cannot finish);</li>
 *   <li>{@value #RESTART}: starts the killed nodes; the survivor's retries reach them again;</li>
 *   <li>{@value #PAUSE}: SIGKILLs the others once more, SIGSTOPs the survivor, freezing whatever it
 *       has in flight, and starts the others: they come back with only what they made durable and,
 *       the survivor being frozen, nobody can remind them of the rest; they serve on their own
 *       (a majority) while the survivor stays frozen;</li>
 *   <li>{@value #RESUME}: SIGCONTs every node and starts every node (a no-op where it runs; also
 *       the recovery of the final phase and of {@link #heal}). The survivor's frozen requests
 *       now land on nodes that have restarted since they began.</li>
 * </ol>
 * A correct system refuses the resumed requests or folds them into what the others did since; a
 * node that forgot what it promised before its restart lets them overwrite it. Needs a Db that is
 * {@link Killable} and {@link Pausable}; target-agnostic otherwise.
 */
public final class StaleResumeNemesis implements Nemesis {
    public static final String CRASH = "crash-others";
    public static final String RESTART = "restart-others";
    public static final String PAUSE = "pause-survivor";
    public static final String RESUME = "resume-all";

    private final Random random;
    private final Duration timeout;
    private volatile String survivor;

    public StaleResumeNemesis(long seed, Duration timeout) {
        this.random = new Random(seed);
        this.timeout = timeout;
    }

    @Override
    public Set<String> fs() {
        return Set.of(CRASH, RESTART, PAUSE, RESUME);
    }

    @Override
    public Op invoke(TestContext ctx, Op invocation) {
        if (ctx.db() == null) return invocation.info("no target (Db) in this run: nothing to " + invocation.f()).withValue(Map.of());
        return switch (invocation.f()) {
            case CRASH -> crash(ctx, invocation);
            case RESTART -> restart(ctx, invocation);
            case PAUSE -> pause(ctx, invocation);
            case RESUME -> resume(ctx, invocation);
            default -> throw new IllegalArgumentException("stale-resume nemesis cannot do " + invocation.f());
        };
    }

    private Op crash(TestContext ctx, Op invocation) {
        List<String> nodes = ctx.cluster().names();
        String chosen = nodes.get(random.nextInt(nodes.size()));
        survivor = chosen;
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("survivor", chosen);
        NodeResults<String> killed = kill(ctx, others(ctx, chosen));
        value.put("killed", killed.done());
        return invocation.complete(OpType.INFO, value, killed.error());
    }

    private Op restart(TestContext ctx, Op invocation) {
        String chosen = survivor;
        if (chosen == null) return invocation.info("no survivor chosen: nothing restarted").withValue(Map.of());
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("survivor", chosen);
        NodeResults<String> started = start(ctx, others(ctx, chosen));
        value.put("started", started.done());
        return invocation.complete(OpType.INFO, value, started.error());
    }

    private Op pause(TestContext ctx, Op invocation) {
        String chosen = survivor;
        if (chosen == null) return invocation.info("no survivor chosen: nothing paused").withValue(Map.of());
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("survivor", chosen);
        List<String> rest = others(ctx, chosen);
        // Killed before the survivor freezes: the survivor still sees their connections close (so its
        // frozen requests go out on fresh connections later); started after it froze, so that it
        // cannot answer them in the meantime.
        NodeResults<String> killed = kill(ctx, rest);
        value.put("killed", killed.done());
        NodeResults<String> paused = OnNodes.run(ctx.cluster(), List.of(chosen), timeout, node -> {
            pausable(ctx).pause(ctx, node);
            return "paused";
        });
        value.put("paused", paused.done());
        NodeResults<String> started = start(ctx, rest);
        value.put("started", started.done());
        return invocation.complete(OpType.INFO, value, join(join(killed.error(), paused.error()), started.error()));
    }

    private Op resume(TestContext ctx, Op invocation) {
        survivor = null;
        NodeResults<String> resumed = resumeAll(ctx);
        NodeResults<String> started = start(ctx, ctx.cluster().names());
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("resumed", resumed.done());
        value.put("started", started.done());
        return invocation.complete(OpType.INFO, value, join(resumed.error(), started.error()));
    }

    private List<String> others(TestContext ctx, String chosen) {
        List<String> rest = new ArrayList<>(ctx.cluster().names());
        rest.remove(chosen);
        return rest;
    }

    private NodeResults<String> kill(TestContext ctx, List<String> nodes) {
        return OnNodes.run(ctx.cluster(), nodes, timeout, node -> {
            killable(ctx).kill(ctx, node);
            return "killed";
        });
    }

    private NodeResults<String> start(TestContext ctx, List<String> nodes) {
        return OnNodes.run(ctx.cluster(), nodes, timeout, node -> {
            killable(ctx).start(ctx, node);
            return "started";
        });
    }

    private NodeResults<String> resumeAll(TestContext ctx) {
        return OnNodes.runAll(ctx.cluster(), timeout, node -> {
            pausable(ctx).resume(ctx, node);
            return "resumed";
        });
    }

    @Override
    public void heal(TestContext ctx) {
        survivor = null;
        if (ctx.db() == null) return;
        resumeAll(ctx).orThrow("resume on every node");
        start(ctx, ctx.cluster().names()).orThrow("start on every node");
    }

    private static String join(String a, String b) {
        if (a == null) return b;
        return b == null ? a : a + "; " + b;
    }
}
