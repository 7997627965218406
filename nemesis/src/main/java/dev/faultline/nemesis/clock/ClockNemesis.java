package dev.faultline.nemesis.clock;

import dev.faultline.checkers.history.Op;
import dev.faultline.harness.spi.Nemesis;
import dev.faultline.harness.spi.TestContext;
import dev.faultline.harness.control.NodeResults;
import dev.faultline.nemesis.NodeSpec;
import dev.faultline.harness.control.OnNodes;
import dev.faultline.nemesis.Primary;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Clock faults through each node's libfaketime control file ({@link ClockFile}).
 *
 * <ul>
 *   <li>{@code bump-clock} {@code {"targets":"one","delta-ms":-1500}}: adds the delta to each chosen
 *       node's offset.</li>
 *   <li>{@code strobe-clock} {@code {"targets":..,"delta-ms":..,"period-ms":..,"duration-ms":..}}:
 *       flips each chosen node between its offset and offset+delta, then restores it.</li>
 *   <li>{@code reset-clock} {@code {"targets":..}} (or null for every node): offset back to +0.</li>
 *   <li>{@code check-clock}: records every node's offset file and clock readings.</li>
 * </ul>
 */
public final class ClockNemesis implements Nemesis {
    public static final String BUMP = "bump-clock";
    public static final String STROBE = "strobe-clock";
    public static final String RESET = "reset-clock";
    public static final String CHECK = "check-clock";

    /** Upper bounds that keep a strobe from outliving its welcome whatever the op says. */
    static final long MAX_STROBE_FLIPS = 10_000;
    static final Duration MAX_STROBE_DURATION = Duration.ofMinutes(5);
    static final Duration MIN_STROBE_PERIOD = Duration.ofMillis(10);

    private final ClockFile file;
    private final Random random;
    private final Duration timeout;

    public ClockNemesis(ClockFile file, long seed, Duration timeout) {
        this.file = file;
        this.random = new Random(seed);
        this.timeout = timeout;
    }

    public ClockFile file() {
        return file;
    }

    @Override
    public Set<String> fs() {
        return Set.of(BUMP, STROBE, RESET, CHECK);
    }

    @Override
    public Op invoke(TestContext ctx, Op invocation) {
        try {
            return switch (invocation.f()) {
                case BUMP -> bump(ctx, invocation);
                case STROBE -> strobe(ctx, invocation);
                case RESET -> reset(ctx, invocation);
                case CHECK -> OnNodes.runAll(ctx.cluster(), timeout, node -> file.check(node, timeout)).complete(invocation);
                default -> throw new IllegalArgumentException("clock nemesis cannot do " + invocation.f());
            };
        } catch (IllegalArgumentException e) {
            return invocation.info(e.getMessage()).withValue(Map.of());
        }
    }

    private Op bump(TestContext ctx, Op invocation) {
        Map<?, ?> v = map(invocation);
        long delta = longField(v, "delta-ms");
        new ClockOffset(delta); // range check before touching any node
        List<String> nodes = targets(ctx, v);
        NodeResults<Map<String, Object>> r = OnNodes.run(ctx.cluster(), nodes, timeout, node -> {
            ClockOffset before = file.read(node, timeout);
            ClockOffset after = before.plus(delta);
            String written = file.write(node, after, timeout);
            Map<String, Object> done = new LinkedHashMap<>();
            done.put("delta-ms", delta);
            done.put("offset-ms", after.millis());
            done.put("file", written);
            return done;
        });
        return r.complete(invocation);
    }

    private Op strobe(TestContext ctx, Op invocation) {
        Map<?, ?> v = map(invocation);
        long delta = longField(v, "delta-ms");
        new ClockOffset(delta);
        Duration period = Duration.ofMillis(longField(v, "period-ms"));
        Duration duration = Duration.ofMillis(longField(v, "duration-ms"));
        if (period.compareTo(MIN_STROBE_PERIOD) < 0) throw new IllegalArgumentException("strobe period-ms must be at least " + MIN_STROBE_PERIOD.toMillis());
        if (duration.isNegative() || duration.compareTo(MAX_STROBE_DURATION) > 0) {
            throw new IllegalArgumentException("strobe duration-ms must be between 0 and " + MAX_STROBE_DURATION.toMillis());
        }
        long maxFlips = Math.min(MAX_STROBE_FLIPS, duration.toMillis() / period.toMillis() + 1);
        List<String> nodes = targets(ctx, v);
        NodeResults<Map<String, Object>> r = OnNodes.run(ctx.cluster(), nodes, timeout.plus(duration), node -> {
            ClockOffset base = file.read(node, timeout);
            long flips = file.strobe(node, base, delta, period, duration, maxFlips, timeout);
            Map<String, Object> done = new LinkedHashMap<>();
            done.put("delta-ms", delta);
            done.put("period-ms", period.toMillis());
            done.put("flips", flips);
            done.put("offset-ms", base.millis());
            done.put("file", base.fileText());
            return done;
        });
        return r.complete(invocation);
    }

    private Op reset(TestContext ctx, Op invocation) {
        List<String> nodes = invocation.value() == null ? ctx.cluster().names() : targets(ctx, map(invocation));
        return resetOn(ctx, nodes).complete(invocation);
    }

    private NodeResults<Map<String, Object>> resetOn(TestContext ctx, List<String> nodes) {
        return OnNodes.run(ctx.cluster(), nodes, timeout, node -> {
            String written = file.write(node, ClockOffset.ZERO, timeout);
            Map<String, Object> done = new LinkedHashMap<>();
            done.put("offset-ms", 0L);
            done.put("file", written);
            return done;
        });
    }

    /** Stops strobes and resets the offset left by an earlier run. */
    @Override
    public void setup(TestContext ctx) {
        clearAll(ctx).orThrow("resetting leftover clock faults at setup");
    }

    /** Stops any strobe still running and writes {@code +0} on every node that has the file. */
    @Override
    public void heal(TestContext ctx) {
        clearAll(ctx).orThrow("resetting clocks");
    }

    private NodeResults<String> clearAll(TestContext ctx) {
        return OnNodes.runAll(ctx.cluster(), timeout, node -> file.clear(node, timeout));
    }

    private List<String> targets(TestContext ctx, Map<?, ?> v) {
        Object t = v.get("targets");
        if (!(t instanceof String s)) throw new IllegalArgumentException("clock op needs \"targets\": a node spec such as one, majority or n1,n3");
        NodeSpec spec = NodeSpec.parse(s);
        List<String> nodes = spec.select(ctx.cluster().names(), Primary.forSpec(ctx, spec), random);
        if (nodes.isEmpty()) throw new IllegalArgumentException("clock targets '" + s + "' selected no node (no primary known?)");
        return nodes;
    }

    private static Map<?, ?> map(Op invocation) {
        if (invocation.value() instanceof Map<?, ?> m) return m;
        throw new IllegalArgumentException(invocation.f() + " needs a map value such as {\"targets\":\"one\",\"delta-ms\":500}, got " + invocation.value());
    }

    private static long longField(Map<?, ?> v, String name) {
        if (v.get(name) instanceof Number n) return n.longValue();
        throw new IllegalArgumentException("clock op needs a number \"" + name + "\", got " + v.get(name));
    }
}
