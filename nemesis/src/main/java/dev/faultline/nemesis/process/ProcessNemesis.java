package dev.faultline.nemesis.process;

import static dev.faultline.nemesis.DbAbilities.killable;
import static dev.faultline.nemesis.DbAbilities.pausable;

import dev.faultline.checkers.history.Op;
import dev.faultline.harness.control.Node;
import dev.faultline.harness.spi.Killable;
import dev.faultline.harness.spi.Pausable;
import dev.faultline.harness.spi.Nemesis;
import dev.faultline.harness.spi.TestContext;
import dev.faultline.harness.control.NodeResults;
import dev.faultline.nemesis.NodeSpec;
import dev.faultline.harness.control.OnNodes;
import dev.faultline.nemesis.Primary;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Faults on the target's processes through its {@link Killable} or {@link Pausable} Db: kill/start (SIGKILL, then start again with
 * data intact) and pause/resume (SIGSTOP/SIGCONT). The fault op takes a {@link NodeSpec} text and
 * records, per node hit, what was done ({@code {"n2":"killed"}}); the recovery op acts on every
 * node (starting a running target or resuming a running process is harmless), so it also undoes
 * faults whose record was lost.
 */
public final class ProcessNemesis implements Nemesis {
    /** What to do to a node's target process. */
    @FunctionalInterface
    interface DbAction {
        void apply(TestContext ctx, Node node) throws Exception;
    }

    private final String faultF;
    private final String faultDone;
    private final DbAction fault;
    private final String recoverF;
    private final String recoverDone;
    private final DbAction recover;
    private final Random random;
    private final Duration timeout;

    private ProcessNemesis(String faultF, String faultDone, DbAction fault, String recoverF, String recoverDone,
                           DbAction recover, long seed, Duration timeout) {
        this.faultF = faultF;
        this.faultDone = faultDone;
        this.fault = fault;
        this.recoverF = recoverF;
        this.recoverDone = recoverDone;
        this.recover = recover;
        this.random = new Random(seed);
        this.timeout = timeout;
    }

    /** {@code kill} (SIGKILL via {@link Killable#kill}) and {@code start} ({@link Killable#start} on every node). */
    public static ProcessNemesis kill(long seed, Duration timeout) {
        return new ProcessNemesis("kill", "killed", (ctx, n) -> killable(ctx).kill(ctx, n),
                "start", "started", (ctx, n) -> killable(ctx).start(ctx, n), seed, timeout);
    }

    /** {@code pause} (SIGSTOP via {@link Pausable#pause}) and {@code resume} ({@link Pausable#resume} on every node). */
    public static ProcessNemesis pause(long seed, Duration timeout) {
        return new ProcessNemesis("pause", "paused", (ctx, n) -> pausable(ctx).pause(ctx, n),
                "resume", "resumed", (ctx, n) -> pausable(ctx).resume(ctx, n), seed, timeout);
    }

    public String faultF() {
        return faultF;
    }

    public String recoverF() {
        return recoverF;
    }

    @Override
    public Set<String> fs() {
        return Set.of(faultF, recoverF);
    }

    @Override
    public Op invoke(TestContext ctx, Op invocation) {
        if (ctx.db() == null) return invocation.info("no target (Db) in this run: nothing to " + invocation.f()).withValue(Map.of());
        if (invocation.f().equals(faultF)) {
            List<String> nodes = ctx.cluster().names();
            List<String> chosen;
            try {
                NodeSpec spec = spec(invocation.value());
                chosen = spec.select(nodes, Primary.forSpec(ctx, spec), random);
            } catch (IllegalArgumentException e) {
                return invocation.info(e.getMessage()).withValue(Map.of());
            }
            if (chosen.isEmpty()) {
                return invocation.info(faultF + " '" + invocation.value() + "' selected no node (no primary known?)").withValue(Map.of());
            }
            return apply(ctx, chosen, fault, faultDone).complete(invocation);
        }
        if (invocation.f().equals(recoverF)) {
            return apply(ctx, ctx.cluster().names(), recover, recoverDone).complete(invocation);
        }
        throw new IllegalArgumentException(faultF + " nemesis cannot do " + invocation.f());
    }

    private NodeResults<String> apply(TestContext ctx, List<String> nodes, DbAction action, String done) {
        return OnNodes.run(ctx.cluster(), nodes, timeout, node -> {
            action.apply(ctx, node);
            return done;
        });
    }

    @Override
    public void heal(TestContext ctx) {
        if (ctx.db() == null) return;
        apply(ctx, ctx.cluster().names(), recover, recoverDone).orThrow(recoverF + " on every node");
    }

    static NodeSpec spec(Object value) {
        if (value instanceof String s) return NodeSpec.parse(s);
        throw new IllegalArgumentException("needs a node spec (one, minority, majority, all, primaries or n1,n3), got " + value);
    }
}
