package dev.faultline.nemesis.packages;

import dev.faultline.harness.generator.Generator;
import dev.faultline.harness.generator.Generators;
import dev.faultline.harness.spi.Ability;
import dev.faultline.harness.spi.NemesisFactory;
import dev.faultline.harness.spi.NemesisPackage;
import dev.faultline.harness.spi.ParamSpec;
import dev.faultline.harness.spi.TestOptions;
import dev.faultline.nemesis.Params;
import dev.faultline.nemesis.election.StaleElectionNemesis;
import dev.faultline.results.FaultKind;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * {@code --nemesis stale-election}: a scripted episode, repeated: cut a follower of the primary off
 * ({@code stale-election.lag}), SIGKILL every other node, heal and restart just enough of them for
 * a majority with the laggard (the election that follows is between a stale log and nodes that
 * forgot the commit point), hold ({@code stale-election.hold}), restart everything; the next
 * episode starts a nemesis interval later. See {@link StaleElectionNemesis}.
 */
public final class StaleElectionPackage implements NemesisFactory {
    @Override
    public String name() {
        return "stale-election";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(
                ParamSpec.of("stale-election.lag", "3s", "how long a follower is cut off while the others commit"),
                ParamSpec.of("stale-election.hold", "3s", "how long the laggard and the restarted majority run before the rest restart"),
                ParamSpec.of("stale-election.settle-timeout", "30s", "longest wait for a primary after the crash"),
                Params.TIMEOUT);
    }

    @Override
    public String description() {
        return "scripted election against a stale log: lag a follower, crash the rest, restart a majority next to it";
    }

    @Override
    public NemesisPackage create(TestOptions options) {
        if (options.nodes() < 3) {
            throw new IllegalArgumentException("--nemesis stale-election needs at least 3 nodes (a primary, a laggard and another); the run has " + options.nodes());
        }
        if (options.nemeses().contains(new PartitionPackage().name())) {
            // Both drive the same iptables chain: crash-rest and restart-all would lift the other's partition unseen.
            throw new IllegalArgumentException("--nemesis stale-election cannot be combined with partition (both use the node's FAULTLINE "
                    + "iptables chain); run them separately");
        }
        Params p = new Params(options);
        Duration lag = positive(p, "stale-election.lag", Duration.ofSeconds(3));
        Duration hold = positive(p, "stale-election.hold", Duration.ofSeconds(3));
        Duration settle = positive(p, "stale-election.settle-timeout", Duration.ofSeconds(30));
        StaleElectionNemesis nemesis = new StaleElectionNemesis(options.seed() ^ 0x5354414cL, p.timeout(), settle);
        Generator episode = Generators.seq(
                Generators.op(StaleElectionNemesis.LAG, null, null), Generators.sleep(lag),
                Generators.op(StaleElectionNemesis.CRASH, null, null), Generators.sleep(hold),
                Generators.op(StaleElectionNemesis.RESTART, null, null), Generators.sleep(p.interval()));
        return new NemesisPackage(name(), nemesis, Generators.nemesis(Generators.cycle(episode)),
                Generators.op(StaleElectionNemesis.RESTART, null, null),
                List.of(new FaultKind("stale-election", StaleElectionNemesis.LAG, StaleElectionNemesis.RESTART),
                        new FaultKind("crash", StaleElectionNemesis.CRASH, StaleElectionNemesis.RESTART)),
                Set.of(Ability.KILL, Ability.PRIMARY));
    }

    private static Duration positive(Params p, String name, Duration fallback) {
        Duration d = p.duration(name, fallback);
        if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("--param " + name + " must be positive, was " + d);
        return d;
    }
}
