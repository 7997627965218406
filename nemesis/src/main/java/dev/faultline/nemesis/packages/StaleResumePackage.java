package dev.faultline.nemesis.packages;

import dev.faultline.harness.generator.Generator;
import dev.faultline.harness.generator.Generators;
import dev.faultline.harness.spi.Ability;
import dev.faultline.harness.spi.NemesisFactory;
import dev.faultline.harness.spi.NemesisPackage;
import dev.faultline.harness.spi.ParamSpec;
import dev.faultline.harness.spi.TestOptions;
import dev.faultline.nemesis.Params;
import dev.faultline.nemesis.process.StaleResumeNemesis;
import dev.faultline.results.FaultKind;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * {@code --nemesis stale-resume}: a scripted episode, repeated: SIGKILL every node but a random
 * survivor ({@code stale-resume.alone}), start them ({@code stale-resume.catch-up}), SIGKILL them
 * again, SIGSTOP the survivor and start them ({@code stale-resume.hold}), SIGCONT and start
 * everything; the next episode starts a nemesis interval later. See {@link StaleResumeNemesis}.
 */
public final class StaleResumePackage implements NemesisFactory {
    @Override
    public String name() {
        return "stale-resume";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(
                ParamSpec.of("stale-resume.alone", "3s", "how long the survivor runs alone before the others restart"),
                ParamSpec.of("stale-resume.catch-up", "6s", "from restarting the others to crashing them again and pausing the survivor"),
                ParamSpec.of("stale-resume.hold", "24s", "how long the survivor stays paused while the others serve"),
                Params.TIMEOUT);
    }

    @Override
    public String description() {
        return "scripted: crash all but a survivor, restart them, crash them again, freeze the survivor, restart them, resume it";
    }

    @Override
    public NemesisPackage create(TestOptions options) {
        if (options.nodes() < 3) {
            throw new IllegalArgumentException("--nemesis stale-resume needs at least 3 nodes (a survivor and a majority without it); the run has "
                    + options.nodes());
        }
        Params p = new Params(options);
        Duration alone = positive(p, "stale-resume.alone", Duration.ofSeconds(3));
        Duration catchUp = positive(p, "stale-resume.catch-up", Duration.ofSeconds(6));
        Duration hold = positive(p, "stale-resume.hold", Duration.ofSeconds(24));
        StaleResumeNemesis nemesis = new StaleResumeNemesis(options.seed() ^ 0x53524553L, p.timeout());
        Generator episode = Generators.seq(
                Generators.op(StaleResumeNemesis.CRASH, null, null), Generators.sleep(alone),
                Generators.op(StaleResumeNemesis.RESTART, null, null), Generators.sleep(catchUp),
                Generators.op(StaleResumeNemesis.PAUSE, null, null), Generators.sleep(hold),
                Generators.op(StaleResumeNemesis.RESUME, null, null), Generators.sleep(p.interval()));
        return new NemesisPackage(name(), nemesis, Generators.nemesis(Generators.cycle(episode)),
                Generators.seq(Generators.op(StaleResumeNemesis.RESTART, null, null), Generators.op(StaleResumeNemesis.RESUME, null, null)),
                List.of(new FaultKind("stale-resume", StaleResumeNemesis.CRASH, StaleResumeNemesis.RESUME),
                        new FaultKind("crash", StaleResumeNemesis.CRASH, StaleResumeNemesis.RESTART),
                        new FaultKind("survivor-paused", StaleResumeNemesis.PAUSE, StaleResumeNemesis.RESUME)),
                Set.of(Ability.KILL, Ability.PAUSE));
    }

    private static Duration positive(Params p, String name, Duration fallback) {
        Duration d = p.duration(name, fallback);
        if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("--param " + name + " must be positive, was " + d);
        return d;
    }
}
