package dev.faultline.nemesis.packages;

import dev.faultline.harness.spi.Ability;
import dev.faultline.results.FaultKind;
import java.util.EnumSet;
import java.util.Set;

import dev.faultline.harness.generator.Generator;
import dev.faultline.harness.generator.Generators;
import dev.faultline.harness.spi.NemesisFactory;
import dev.faultline.harness.spi.NemesisPackage;
import dev.faultline.harness.spi.ParamSpec;
import dev.faultline.harness.spi.TestOptions;
import dev.faultline.nemesis.Params;
import dev.faultline.nemesis.process.ProcessNemesis;

import java.util.List;

/**
 * Base of {@code --nemesis kill} and {@code --nemesis pause}: SIGKILL (then start) or SIGSTOP (then
 * SIGCONT) of the target on chosen nodes ({@code --param kill.targets=one;majority;primaries}).
 */
public abstract sealed class ProcessPackage implements NemesisFactory permits KillPackage, PausePackage {
    abstract ProcessNemesis nemesis(long seed, java.time.Duration timeout);

    abstract long salt();

    private static Set<Ability> union(Ability a, Set<Ability> more) {
        Set<Ability> out = EnumSet.of(a);
        out.addAll(more);
        return out;
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(Params.targets(name()), Params.TIMEOUT);
    }

    /** What the target's Db must implement for this fault. */
    abstract Ability ability();

    @Override
    public NemesisPackage create(TestOptions options) {
        Params params = new Params(options);
        List<String> targets = Targets.resolve(options, name() + ".targets", Targets.DEFAULT);
        if (targets.isEmpty()) throw new IllegalArgumentException("--nemesis " + name() + ": no node spec fits a cluster of " + options.nodes());
        ProcessNemesis nemesis = nemesis(options.seed() ^ salt(), params.timeout());
        Generator faults = Generators.fn(ctx -> Generators.invoke(nemesis.faultF(), Schedules.pick(ctx.random(), targets)));
        return new NemesisPackage(name(), nemesis,
                Schedules.startStop(params.interval(), faults, nemesis.recoverF()),
                Schedules.stop(nemesis.recoverF()),
                List.of(new FaultKind(name(), nemesis.faultF(), nemesis.recoverF())), union(ability(), Targets.needs(targets)));
    }
}
