package dev.faultline.nemesis.packages;

import dev.faultline.harness.spi.ParamSpec;
import dev.faultline.harness.spi.Ability;
import dev.faultline.results.FaultKind;
import java.util.Set;

import dev.faultline.harness.generator.Generator;
import dev.faultline.harness.generator.Generators;
import dev.faultline.harness.spi.NemesisFactory;
import dev.faultline.harness.spi.NemesisPackage;
import dev.faultline.harness.spi.Db;
import dev.faultline.harness.spi.PrimaryAware;
import dev.faultline.harness.spi.TestOptions;
import dev.faultline.nemesis.Params;
import dev.faultline.nemesis.clock.ClockFile;
import dev.faultline.nemesis.clock.ClockNemesis;
import dev.faultline.nemesis.clock.ClockOffset;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * {@code --nemesis clock}: a random mix of clock bumps, strobes, resets and checks on chosen nodes,
 * through each node's libfaketime control file. Options ({@code --param}):
 * {@code clock.targets} (node specs; by default {@code primaries;one;majority;all} when the target's Db is
 * {@link PrimaryAware}, else {@code one;minority;majority;all}), {@code clock.max-delta} (largest bump, default 262144ms),
 * {@code clock.strobe-delta} (default: each strobe draws its delta as bumps do, log-uniform between
 * {@code clock.min-delta} and {@code clock.max-delta}, as Jepsen's strobes do), {@code clock.strobe-period} (default 1s),
 * {@code clock.strobe-duration} (default the smaller of 10s and half the nemesis interval),
 * {@code clock.file} (default {@value ClockFile#DEFAULT_PATH}),
 * {@code clock.ops} (which ops to mix, a subset of {@code bump,strobe,reset,check}; default the three faults),
 * {@code clock.direction} ({@code both}, {@code forward} or {@code backward}: the sign of bumps; default both),
 * {@code clock.min-delta} (smallest bump, default 4ms).
 */
public final class ClockPackage implements NemesisFactory {
    /** The default node specs when the target's Db is {@link PrimaryAware}. */
    static final List<String> DEFAULT_TARGETS_WITH_PRIMARY = List.of("primaries", "one", "majority", "all");
    /** The default mix: faults only ({@code check} only records offsets, and bumps and resets record them too). */
    static final String DEFAULT_OPS = "bump,strobe,reset";

    @Override
    public String name() {
        return "clock";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(
                ParamSpec.of("clock.targets", "primaries;one;majority;all if the target can name its primary, else one;minority;majority;all",
                        "node specs to choose from, ';'-separated: one, minority, majority, all, primaries, or nodes such as n1,n3 (impossible defaults are left out)"),
                ParamSpec.of("clock.max-delta", "262144ms", "largest clock bump"),
                ParamSpec.of("clock.min-delta", "4ms", "smallest clock bump"),
                ParamSpec.of("clock.direction", "both", "sign of bumps: both, forward or backward"),
                ParamSpec.of("clock.ops", DEFAULT_OPS, "which clock ops to mix: bump, strobe, reset, check (check records every node's offset)"),
                ParamSpec.of("clock.strobe-delta", "log-uniform in [clock.min-delta, clock.max-delta] per strobe", "how far a strobe flips the clock (a fixed delta when given)"),
                ParamSpec.of("clock.strobe-period", "1s", "how often a strobe flips the clock"),
                ParamSpec.of("clock.strobe-duration", "min(10s, nemesis interval / 2)", "how long a strobe lasts"),
                ParamSpec.of("clock.file", ClockFile.DEFAULT_PATH, "libfaketime control file on the nodes"),
                Params.TIMEOUT);
    }

    @Override
    public String description() {
        return "bump, strobe and reset node wall clocks with libfaketime (never the host clock)";
    }

    /** Without a Db: the defaults for a target that cannot name its primary. */
    @Override
    public NemesisPackage create(TestOptions options) {
        return create(options, Targets.DEFAULT);
    }

    /**
     * Aims at the primary by default when the Db can name it: the classic clock bugs (leader leases,
     * TTLs on the leader) need the leader's clock to jump, which a random node choice hits too seldom.
     */
    @Override
    public NemesisPackage create(TestOptions options, Db db) {
        return create(options, db instanceof PrimaryAware ? DEFAULT_TARGETS_WITH_PRIMARY : Targets.DEFAULT);
    }

    private NemesisPackage create(TestOptions options, List<String> defaultTargets) {
        Params p = new Params(options);
        List<String> targets = Targets.resolve(options, "clock.targets", defaultTargets);
        long maxDelta = p.duration("clock.max-delta", Duration.ofMillis(1L << 18)).toMillis();
        if (maxDelta < 4 || maxDelta > ClockOffset.MAX_MILLIS) {
            throw new IllegalArgumentException("--param clock.max-delta must be between 4ms and 10 years, was " + maxDelta + "ms");
        }
        long minDelta = p.duration("clock.min-delta", Duration.ofMillis(4)).toMillis();
        if (minDelta < 1 || minDelta > maxDelta) {
            throw new IllegalArgumentException("--param clock.min-delta must be between 1ms and clock.max-delta (" + maxDelta + "ms), was " + minDelta + "ms");
        }
        String direction = p.string("clock.direction", "both").strip();
        if (!List.of("both", "forward", "backward").contains(direction)) {
            throw new IllegalArgumentException("--param clock.direction=" + direction + ": must be both, forward or backward");
        }
        List<String> ops = opsToMix(p.string("clock.ops", DEFAULT_OPS));
        long strobeDelta = p.has("clock.strobe-delta") ? p.duration("clock.strobe-delta", Duration.ZERO).toMillis() : -1; // -1: drawn per strobe
        long period = p.duration("clock.strobe-period", Duration.ofSeconds(1)).toMillis();
        Duration half = p.interval().dividedBy(2);
        long duration = p.duration("clock.strobe-duration", half.compareTo(Duration.ofSeconds(10)) < 0 ? half : Duration.ofSeconds(10)).toMillis();
        if (strobeDelta != -1 && (strobeDelta < 1 || strobeDelta > ClockOffset.MAX_MILLIS)) throw new IllegalArgumentException("--param clock.strobe-delta must be at least 1ms and at most 10 years");
        if (period < 10) throw new IllegalArgumentException("--param clock.strobe-period must be at least 10ms, was " + period + "ms");
        if (duration > Duration.ofMinutes(5).toMillis()) throw new IllegalArgumentException("--param clock.strobe-duration must be at most 5m");
        ClockNemesis nemesis = new ClockNemesis(new ClockFile(p.string("clock.file", ClockFile.DEFAULT_PATH)),
                options.seed() ^ 0x434c4f43L, p.timeout());

        Generator bump = Generators.fn(ctx -> Generators.invoke(ClockNemesis.BUMP,
                value("targets", Schedules.pick(ctx.random(), targets),
                        "delta-ms", signed(ctx.random(), direction, logUniform(ctx.random(), minDelta, maxDelta)))));
        Generator strobe = Generators.fn(ctx -> Generators.invoke(ClockNemesis.STROBE,
                value("targets", Schedules.pick(ctx.random(), targets), "delta-ms", signed(ctx.random(), strobeDelta == -1 ? logUniform(ctx.random(), minDelta, maxDelta) : strobeDelta),
                        "period-ms", period, "duration-ms", duration)));
        Generator reset = Generators.fn(ctx -> Generators.invoke(ClockNemesis.RESET, value("targets", Schedules.pick(ctx.random(), targets))));
        Generator check = Generators.repeat(Generators.op(ClockNemesis.CHECK, null, null));
        Map<String, Generator> byName = Map.of("bump", bump, "strobe", strobe, "reset", reset, "check", check);
        Generator main = Generators.nemesis(Generators.stagger(p.interval(),
                Generators.mix(ops.stream().map(byName::get).toArray(Generator[]::new))));
        Generator fin = Generators.seq(Generators.op(ClockNemesis.RESET, null, null), Generators.op(ClockNemesis.CHECK, null, null));
        return new NemesisPackage(name(), nemesis, main, fin,
                List.of(new FaultKind("clock", ClockNemesis.BUMP, ClockNemesis.RESET),
                        new FaultKind("clock", ClockNemesis.STROBE, ClockNemesis.RESET)), Targets.needs(targets));
    }

    /** Log-uniform between 4 ms and {@code max}: small and large jumps are equally common per decade. */
    static long logUniform(RandomGenerator r, long max) {
        return logUniform(r, 4, max);
    }

    /** Log-uniform between {@code min} and {@code max} milliseconds. */
    static long logUniform(RandomGenerator r, long min, long max) {
        double lo = Math.log(min);
        double hi = Math.log(max);
        return Math.max(min, Math.min(max, Math.round(Math.exp(lo + r.nextDouble() * (hi - lo)))));
    }

    private static long signed(RandomGenerator r, long magnitude) {
        return r.nextBoolean() ? magnitude : -magnitude;
    }

    private static long signed(RandomGenerator r, String direction, long magnitude) {
        return switch (direction) {
            case "forward" -> magnitude;
            case "backward" -> -magnitude;
            default -> signed(r, magnitude);
        };
    }

    /** The ops named in {@code clock.ops}, checked against the four this package knows. */
    private static List<String> opsToMix(String raw) {
        List<String> known = List.of("bump", "strobe", "reset", "check");
        List<String> ops = new java.util.ArrayList<>();
        for (String s : raw.split(",")) {
            String op = s.strip();
            if (op.isEmpty()) continue;
            if (!known.contains(op)) {
                throw new IllegalArgumentException("--param clock.ops=" + raw + ": unknown op '" + op + "'; known: " + String.join(",", known));
            }
            if (!ops.contains(op)) ops.add(op);
        }
        if (ops.isEmpty()) throw new IllegalArgumentException("--param clock.ops=" + raw + ": name at least one of " + String.join(",", known));
        return ops;
    }

    private static Map<String, Object> value(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            Object v = kv[i + 1];
            m.put((String) kv[i], v instanceof Integer n ? Long.valueOf(n) : v);
        }
        return m;
    }
}
