package dev.faultline.nemesis.packages;

import dev.faultline.harness.spi.ParamSpec;
import dev.faultline.harness.spi.Ability;
import dev.faultline.results.FaultKind;
import java.util.Set;

import dev.faultline.harness.generator.Generator;
import dev.faultline.harness.generator.Generators;
import dev.faultline.harness.spi.NemesisFactory;
import dev.faultline.harness.spi.NemesisPackage;
import dev.faultline.harness.spi.TestOptions;
import dev.faultline.nemesis.Params;
import dev.faultline.nemesis.packet.Netem;
import dev.faultline.nemesis.packet.PacketNemesis;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --nemesis packet}: tc netem on the traffic chosen nodes send to the other cluster nodes,
 * alternating with its removal. Options ({@code --param}): {@code packet.targets} (node specs),
 * {@code packet.delay}, {@code packet.jitter}, {@code packet.loss}, {@code packet.duplicate},
 * {@code packet.reorder} (percentages). With none of the behaviour options the default is
 * {@code delay 100ms 20ms}; once any is given, the others default to 0.
 */
public final class PacketPackage implements NemesisFactory {
    private static final List<String> BEHAVIOUR = List.of("packet.delay", "packet.jitter", "packet.loss", "packet.duplicate", "packet.reorder");

    @Override
    public String name() {
        return "packet";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(
                Params.targets("packet"),
                ParamSpec.of("packet.delay", "100ms", "netem delay (0 once any packet.* behaviour is given)"),
                ParamSpec.of("packet.jitter", "20ms", "netem delay jitter (0 once any packet.* behaviour is given)"),
                ParamSpec.of("packet.loss", "0%", "share of packets dropped"),
                ParamSpec.of("packet.duplicate", "0%", "share of packets duplicated"),
                ParamSpec.of("packet.reorder", "0%", "share of packets reordered"),
                Params.TIMEOUT);
    }

    @Override
    public String description() {
        return "delay, drop, duplicate or reorder packets between nodes with tc netem, per destination";
    }

    @Override
    public NemesisPackage create(TestOptions options) {
        Params p = new Params(options);
        List<String> targets = Targets.resolve(options, "packet.targets", Targets.DEFAULT);
        if (options.nodes() < 2) throw new IllegalArgumentException("--nemesis packet needs at least 2 nodes (it acts on traffic between nodes); the run has " + options.nodes());
        Netem netem = netem(p);
        PacketNemesis nemesis = new PacketNemesis(options.seed() ^ 0x5041434bL, p.timeout());
        Generator starts = Generators.fn(ctx -> {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("targets", Schedules.pick(ctx.random(), targets));
            v.put("netem", netem.toValue());
            return Generators.invoke(PacketNemesis.START, v);
        });
        return new NemesisPackage(name(), nemesis,
                Schedules.startStop(p.interval(), starts, PacketNemesis.STOP),
                Schedules.stop(PacketNemesis.STOP),
                List.of(new FaultKind("packet", PacketNemesis.START, PacketNemesis.STOP)), Targets.needs(targets));
    }

    static Netem netem(Params p) {
        boolean any = BEHAVIOUR.stream().anyMatch(p::has);
        long delay = p.duration("packet.delay", any ? Duration.ZERO : Duration.ofMillis(100)).toMillis();
        long jitter = p.duration("packet.jitter", any ? Duration.ZERO : Duration.ofMillis(20)).toMillis();
        try {
            return new Netem(delay, jitter, p.percent("packet.loss", 0), p.percent("packet.duplicate", 0), p.percent("packet.reorder", 0));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--param packet.*: " + e.getMessage(), e);
        }
    }
}
