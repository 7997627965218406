package dev.faultline.nemesis.packages;

import dev.faultline.harness.spi.ParamSpec;
import dev.faultline.harness.spi.Ability;
import dev.faultline.results.FaultKind;

import dev.faultline.harness.generator.Generator;
import dev.faultline.harness.generator.Generators;
import dev.faultline.harness.spi.NemesisFactory;
import dev.faultline.harness.spi.NemesisPackage;
import dev.faultline.harness.spi.TestOptions;
import dev.faultline.nemesis.Params;
import dev.faultline.nemesis.partition.PartitionNemesis;
import dev.faultline.nemesis.partition.PartitionSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code --nemesis partition}: iptables partitions of random shapes, alternating with heals.
 * {@code --param partition.targets=halves;one;majorities-ring;bridge;primaries;n1,n2|n3,n4,n5}
 * chooses the shapes; {@code --param partition.grudge=n1:n3,n4;n2:n3} adds one explicit directed grudge.
 */
public final class PartitionPackage implements NemesisFactory {
    static final List<String> DEFAULT_SHAPES = List.of("one", "halves", "majorities-ring", "bridge");

    @Override
    public String name() {
        return "partition";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(
                ParamSpec.of("partition.targets", "one;halves;majorities-ring;bridge",
                        "partition shapes to choose from, ';'-separated: halves, one, majorities-ring, bridge, primaries, n1,n2|n3,n4,n5"),
                ParamSpec.of("partition.grudge", "", "one explicit directed grudge added to the shapes, e.g. n1:n3,n4;n2:n3"),
                ParamSpec.of("partition.duration", "",
                        "each partition lasts this long (e.g. 6s) and the next begins --nemesis-interval after its heal; default: random lengths and gaps"),
                Params.TIMEOUT);
    }

    @Override
    public String description() {
        return "network partitions with iptables inside the nodes (halves, one, majorities-ring, bridge, primaries, explicit grudges)";
    }

    @Override
    public NemesisPackage create(TestOptions options) {
        Params params = new Params(options);
        List<String> specs = specs(options, params);
        PartitionNemesis nemesis = new PartitionNemesis(options.seed() ^ 0x5041525449L, params.timeout());
        Generator starts = Generators.fn(ctx -> Generators.invoke(PartitionNemesis.START, Schedules.pick(ctx.random(), specs)));
        Generator schedule = params.has("partition.duration")
                ? Schedules.fixedStartStop(params.interval(), duration(params), starts, PartitionNemesis.STOP)
                : Schedules.startStop(params.interval(), starts, PartitionNemesis.STOP);
        return new NemesisPackage(name(), nemesis, schedule,
                Schedules.stop(PartitionNemesis.STOP),
                List.of(new FaultKind("partition", PartitionNemesis.START, PartitionNemesis.STOP)), Targets.needs(specs));
    }

    private static Duration duration(Params params) {
        Duration d = params.duration("partition.duration", Duration.ZERO);
        if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("--param partition.duration must be positive, was " + d);
        return d;
    }

    static List<String> specs(TestOptions options, Params params) {
        List<String> nodes = Targets.nodeNames(options);
        List<String> out = new ArrayList<>();
        boolean explicit = params.has("partition.targets") || params.has("partition.grudge");
        if (params.has("partition.targets")) {
            for (String text : Arrays.stream(params.string("partition.targets", "").split(";")).map(String::strip).filter(s -> !s.isEmpty()).toList()) {
                out.add(validated("partition.targets", text, nodes));
            }
        }
        if (params.has("partition.grudge")) out.add(validated("partition.grudge", params.string("partition.grudge", ""), nodes));
        if (!explicit) {
            for (String shape : DEFAULT_SHAPES) {
                try {
                    PartitionSpec.parse(shape).validate(nodes);
                    out.add(shape);
                } catch (IllegalArgumentException impossible) {
                    // not offered for this cluster size
                }
            }
            if (out.isEmpty()) throw new IllegalArgumentException("--nemesis partition needs at least 2 nodes; the run has " + nodes.size());
        }
        if (out.isEmpty()) throw new IllegalArgumentException("--param partition.targets names no partition");
        return out;
    }

    private static String validated(String param, String text, List<String> nodes) {
        try {
            PartitionSpec spec = PartitionSpec.parse(text);
            spec.validate(nodes);
            return spec.text();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--param " + param + "=" + text + ": " + e.getMessage(), e);
        }
    }
}
