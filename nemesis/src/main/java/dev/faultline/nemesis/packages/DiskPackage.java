package dev.faultline.nemesis.packages;

import dev.faultline.harness.generator.Generator;
import dev.faultline.harness.generator.Generators;
import dev.faultline.harness.spi.Ability;
import dev.faultline.harness.spi.NemesisFactory;
import dev.faultline.harness.spi.NemesisPackage;
import dev.faultline.harness.spi.NodeRights;
import dev.faultline.harness.spi.ParamSpec;
import dev.faultline.harness.spi.TestOptions;
import dev.faultline.nemesis.Params;
import dev.faultline.nemesis.disk.DiskNemesis;
import dev.faultline.results.FaultKind;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code --nemesis disk}: lose what was not fsynced (a power loss, through the faultline-lazyfs FUSE
 * layer), corrupt (flip bits) or truncate a file of the target's data directory on chosen nodes,
 * while the target is down; {@code start-disk} starts it again. Only lose-unfsynced needs the
 * layer, and so FUSE on the nodes ({@link #FUSE}).
 */
public final class DiskPackage implements NemesisFactory {
    /** What the layer needs on a node: libfuse3 and a compiler to build it, /dev/fuse and CAP_SYS_ADMIN to mount it. */
    static final NodeRights FUSE = new NodeRights(Set.of("fuse3", "libfuse3-dev", "gcc", "libc6-dev", "pkg-config"),
            Set.of("/dev/fuse"), Set.of("SYS_ADMIN"));
    private static final String DEFAULT_FAULTS = String.join(";", DiskNemesis.FAULTS);

    @Override
    public String name() {
        return "disk";
    }

    @Override
    public String description() {
        return "lose what was not fsynced (power loss, FUSE layer), corrupt or truncate a data file, on nodes whose target is down";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(
                ParamSpec.of("disk.faults", DEFAULT_FAULTS, "disk faults to choose from, ';'-separated: lose-unfsynced, corrupt, truncate"),
                ParamSpec.of("disk.targets", "one;minority", "node specs to choose from, ';'-separated: one, minority, majority, all, primaries, or nodes such as n1,n3"),
                ParamSpec.of("disk.file", "**", "globs of the data directory's files that corrupt and truncate choose from, ';'-separated (e.g. log)"),
                ParamSpec.of("disk.corrupt-bytes", 4, "bytes in which corrupt flips one random bit"),
                ParamSpec.of("disk.truncate-bytes", 256, "truncate cuts between 1 and this many bytes off the end"),
                Params.TIMEOUT);
    }

    @Override
    public NemesisPackage create(TestOptions options) {
        Params params = new Params(options);
        List<String> faults = split(params.string("disk.faults", DEFAULT_FAULTS));
        DiskNemesis.Settings settings;
        try {
            settings = new DiskNemesis.Settings(new LinkedHashSet<>(faults), split(params.string("disk.file", "**")),
                    (int) params.longValue("disk.corrupt-bytes", 4, 1, 1 << 20), params.longValue("disk.truncate-bytes", 256, 1, Long.MAX_VALUE),
                    params.timeout());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--nemesis disk: " + e.getMessage(), e);
        }
        List<String> targets = Targets.resolve(options, "disk.targets", List.of("one", "minority"));
        if (targets.isEmpty()) throw new IllegalArgumentException("--nemesis disk: no node spec fits a cluster of " + options.nodes());
        DiskNemesis nemesis = new DiskNemesis(settings, options.seed() ^ 0x4449534bL);
        List<String> chosen = List.copyOf(settings.faults());
        Generator ops = Generators.fn(ctx -> Generators.invoke(Schedules.pick(ctx.random(), chosen), Schedules.pick(ctx.random(), targets)));
        List<FaultKind> kinds = new ArrayList<>();
        for (String f : DiskNemesis.FAULTS) if (settings.faults().contains(f)) kinds.add(new FaultKind(f, f, DiskNemesis.START));
        Set<Ability> needs = EnumSet.of(Ability.KILL, Ability.DATA_DIR);
        needs.addAll(Targets.needs(targets));
        NodeRights rights = settings.faults().contains(DiskNemesis.LOSE_UNFSYNCED) ? FUSE : NodeRights.NONE;
        return new NemesisPackage(name(), nemesis, Schedules.startStop(params.interval(), ops, DiskNemesis.START),
                Schedules.stop(DiskNemesis.START), kinds, needs, rights);
    }

    private static List<String> split(String text) {
        return Arrays.stream(text.split("[;,]")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
