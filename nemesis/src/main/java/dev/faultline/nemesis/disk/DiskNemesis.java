package dev.faultline.nemesis.disk;

import dev.faultline.checkers.history.Op;
import dev.faultline.harness.control.ExecResult;
import dev.faultline.harness.control.Node;
import dev.faultline.harness.control.NodeResults;
import dev.faultline.harness.control.OnNodes;
import dev.faultline.harness.control.Shell;
import dev.faultline.harness.spi.HasDataDir;
import dev.faultline.harness.spi.Killable;
import dev.faultline.harness.spi.Nemesis;
import dev.faultline.harness.spi.PrimaryAware;
import dev.faultline.harness.spi.TestContext;
import dev.faultline.nemesis.NodeSpec;
import dev.faultline.nemesis.Primary;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Disk faults on the target's data directory ({@link HasDataDir}), each done while the target is
 * down (SIGKILL through {@link Killable}) and left down until {@code start-disk}:
 * <ul>
 *   <li>{@code lose-unfsynced}: the power-loss fault. The data directory lives on the
 *       faultline-lazyfs layer ({@link LazyFsLayer}, mounted on every node by {@link #setup}); the
 *       layer undoes what was not fsynced, then is mounted again;</li>
 *   <li>{@code corrupt}: flips one random bit in each of a few random bytes of a chosen file;</li>
 *   <li>{@code truncate}: cuts a random number of bytes off the end of a chosen file.</li>
 * </ul>
 * The fault op's value is the node spec; its completion says per node what was done (files,
 * offsets, bytes dropped). {@code start-disk} and {@link #heal} start the target on every node;
 * heal also takes the layer away again, one node at a time (a kill and restart each, nothing dropped).
 */
public final class DiskNemesis implements Nemesis {
    public static final String LOSE_UNFSYNCED = "lose-unfsynced";
    public static final String CORRUPT = "corrupt";
    public static final String TRUNCATE = "truncate";
    public static final String START = "start-disk";
    public static final List<String> FAULTS = List.of(LOSE_UNFSYNCED, CORRUPT, TRUNCATE);

    /**
     * @param faults        which of {@link #FAULTS} this run uses
     * @param files         globs (relative to the data directory) of the files corrupt and truncate choose from
     * @param corruptBytes  bytes a corrupt fault flips one bit in
     * @param truncateBytes at most this many bytes a truncate cuts
     */
    public record Settings(Set<String> faults, List<String> files, int corruptBytes, long truncateBytes, Duration timeout) {
        public Settings {
            faults = Set.copyOf(faults);
            files = List.copyOf(files);
            for (String f : faults) {
                if (!FAULTS.contains(f)) throw new IllegalArgumentException("unknown disk fault '" + f + "'; known: " + String.join(", ", FAULTS));
            }
            if (faults.isEmpty()) throw new IllegalArgumentException("no disk fault chosen; known: " + String.join(", ", FAULTS));
            if (corruptBytes < 1) throw new IllegalArgumentException("disk.corrupt-bytes must be at least 1, was " + corruptBytes);
            if (truncateBytes < 1) throw new IllegalArgumentException("disk.truncate-bytes must be at least 1, was " + truncateBytes);
        }
    }

    private final Settings settings;
    private final long seed;
    private final AtomicLong ops = new AtomicLong();
    private final List<PathMatcher> matchers = new ArrayList<>();

    public DiskNemesis(Settings settings, long seed) {
        this.settings = settings;
        this.seed = seed;
        for (String g : settings.files()) matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + g));
    }

    private boolean layered() {
        return settings.faults().contains(LOSE_UNFSYNCED);
    }

    @Override
    public Set<String> fs() {
        Set<String> out = new LinkedHashSet<>(settings.faults());
        out.add(START);
        return out;
    }

    private static Killable killable(TestContext ctx) {
        if (ctx.db() instanceof Killable k) return k;
        throw new IllegalStateException("disk faults need a target that can be killed (its Db is not Killable)");
    }

    private static String dataDir(TestContext ctx, Node node) {
        if (ctx.db() instanceof HasDataDir d) return d.dataDir(ctx, node);
        throw new IllegalStateException("disk faults need a target that names its data directory (its Db is not HasDataDir)");
    }

    private LazyFsLayer layer(TestContext ctx, Node node) {
        return new LazyFsLayer(node, dataDir(ctx, node));
    }

    /** Builds faultline-lazyfs on every node and moves each data directory onto it (a kill and restart each). */
    @Override
    public void setup(TestContext ctx) {
        if (ctx.db() == null || !layered()) return;
        OnNodes.runAll(ctx.cluster(), settings.timeout().multipliedBy(3), node -> {
            LazyFsLayer layer = layer(ctx, node);
            layer.build(settings.timeout());
            killable(ctx).kill(ctx, node);
            layer.install(settings.timeout());
            killable(ctx).start(ctx, node);
            return "on faultline-lazyfs";
        }).orThrow("mounting faultline-lazyfs under the data directories");
        awaitPrimary(ctx, settings.timeout());
    }

    /** After restarting every node: until the target names a primary again (bounded), so the run does not start on a cluster still electing. */
    private static void awaitPrimary(TestContext ctx, Duration within) {
        if (!(ctx.db() instanceof PrimaryAware primaries)) return;
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (primaries.primary(ctx).isPresent()) return;
            } catch (RuntimeException stillStarting) {
                // asked again below
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public Op invoke(TestContext ctx, Op invocation) {
        if (ctx.db() == null) return invocation.info("no target (Db) in this run: nothing to " + invocation.f()).withValue(Map.of());
        String f = invocation.f();
        if (f.equals(START)) {
            return OnNodes.run(ctx.cluster(), ctx.cluster().names(), settings.timeout(), node -> {
                killable(ctx).start(ctx, node);
                return "started";
            }).complete(invocation);
        }
        if (!settings.faults().contains(f)) throw new IllegalArgumentException("disk nemesis cannot do " + f);
        List<String> chosen;
        try {
            NodeSpec spec = spec(invocation.value());
            chosen = spec.select(ctx.cluster().names(), Primary.forSpec(ctx, spec), new Random(seed ^ ops.get()));
        } catch (IllegalArgumentException e) {
            return invocation.info(e.getMessage()).withValue(Map.of());
        }
        if (chosen.isEmpty()) return invocation.info(f + " '" + invocation.value() + "' selected no node (no primary known?)").withValue(Map.of());
        long op = ops.incrementAndGet();
        NodeResults<Map<String, Object>> r = OnNodes.run(ctx.cluster(), chosen, settings.timeout().multipliedBy(2), node -> {
            Random random = new Random(seed ^ (op * 0x9E3779B97F4A7C15L) ^ node.name().hashCode());
            killable(ctx).kill(ctx, node);
            return switch (f) {
                case LOSE_UNFSYNCED -> loseUnfsynced(ctx, node);
                case CORRUPT -> corrupt(ctx, node, random);
                default -> truncate(ctx, node, random);
            };
        });
        return r.complete(invocation);
    }

    private Map<String, Object> loseUnfsynced(TestContext ctx, Node node) {
        LazyFsLayer layer = layer(ctx, node);
        List<Map<String, Object>> dropped = layer.unmount(true, settings.timeout());
        try {
            layer.mount(settings.timeout());
        } catch (RuntimeException e) {
            // Without the layer the data would sit below an empty mountpoint: put it back where the target looks.
            layer.uninstall(settings.timeout());
            throw e;
        }
        long bytes = 0;
        for (Map<String, Object> d : dropped) {
            if (d.get("bytes_dropped") instanceof Number n) bytes += n.longValue();
            if (d.get("bytes_restored") instanceof Number n) bytes += n.longValue();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("fault", LOSE_UNFSYNCED);
        out.put("bytes", bytes);
        List<String> files = new ArrayList<>();
        for (Map<String, Object> d : dropped) {
            Object n = d.get("op").equals("data") ? d.get("bytes_dropped") + "+" + d.get("bytes_restored") + " B"
                    : Boolean.TRUE.equals(d.get("undone")) ? "undone" : "already gone";
            files.add(d.get("op") + " " + d.get("file") + " " + n);
        }
        out.put("summary", "lost " + bytes + " unsynced bytes" + (files.isEmpty() ? "" : " (" + String.join(", ", files) + ")"));
        out.put("undone", dropped);
        return out;
    }

    /** The directory holding the target's files as they are on disk: below the layer if there is one. */
    private String diskDir(TestContext ctx, Node node) {
        String dir = node.remote().nodePath(dataDir(ctx, node));
        return layered() ? layer(ctx, node).lowerDir() : dir;
    }

    /** A file of the data directory matching disk.file, with its size; null if none has data. */
    private Map.Entry<String, Long> pickFile(Node node, String dir, Random random) {
        ExecResult r = node.remote().sh("cd " + Shell.quote(dir) + " && find . -type f ! -name '.lazyfs-stash-*' -size +0 -printf '%s %P\\n'",
                settings.timeout()).orThrow(node.name() + ": listing " + dir);
        TreeSet<String> lines = new TreeSet<>(List.of(r.stdout().split("\n")));
        List<Map.Entry<String, Long>> files = new ArrayList<>();
        for (String line : lines) {
            int sp = line.indexOf(' ');
            if (sp < 0) continue;
            String name = line.substring(sp + 1);
            if (matchers.stream().anyMatch(m -> m.matches(Path.of(name)))) files.add(Map.entry(name, Long.parseLong(line.substring(0, sp))));
        }
        return files.isEmpty() ? null : files.get(random.nextInt(files.size()));
    }

    private Map<String, Object> corrupt(TestContext ctx, Node node, Random random) {
        String dir = diskDir(ctx, node);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("fault", CORRUPT);
        Map.Entry<String, Long> file = pickFile(node, dir, random);
        if (file == null) return noFile(out);
        long size = file.getValue();
        StringBuilder s = new StringBuilder("f=" + Shell.quote(dir + "/" + file.getKey()) + "\n");
        List<Map<String, Object>> flips = new ArrayList<>();
        for (int i = 0; i < settings.corruptBytes(); i++) {
            long offset = (long) (random.nextDouble() * size);
            int bit = random.nextInt(8);
            s.append("b=$(od -An -tu1 -j ").append(offset).append(" -N1 \"$f\" | tr -d ' ')\n")
                    .append("printf \"$(printf '\\\\%03o' $((b ^ ").append(1 << bit).append(")))\" | dd of=\"$f\" bs=1 seek=")
                    .append(offset).append(" conv=notrunc status=none\n");
            flips.add(Map.of("offset", offset, "bit", bit));
        }
        node.remote().sh(s.toString(), settings.timeout()).orThrow(node.name() + ": corrupting " + file.getKey());
        out.put("file", file.getKey());
        out.put("size", size);
        out.put("flips", flips);
        out.put("summary", "flipped " + flips.size() + " bit(s) of " + file.getKey() + " at "
                + String.join(",", flips.stream().map(m -> String.valueOf(m.get("offset"))).toList()));
        return out;
    }

    private Map<String, Object> truncate(TestContext ctx, Node node, Random random) {
        String dir = diskDir(ctx, node);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("fault", TRUNCATE);
        Map.Entry<String, Long> file = pickFile(node, dir, random);
        if (file == null) return noFile(out);
        long size = file.getValue();
        long cut = 1 + (long) (random.nextDouble() * Math.min(size, settings.truncateBytes()));
        node.remote().sh("truncate -s " + (size - cut) + " " + Shell.quote(dir + "/" + file.getKey()), settings.timeout())
                .orThrow(node.name() + ": truncating " + file.getKey());
        out.put("file", file.getKey());
        out.put("size", size);
        out.put("bytes", cut);
        out.put("new-size", size - cut);
        out.put("summary", "cut " + cut + " bytes off " + file.getKey() + " (" + size + " -> " + (size - cut) + ")");
        return out;
    }

    private Map<String, Object> noFile(Map<String, Object> out) {
        out.put("file", null);
        out.put("summary", "no non-empty file matches " + String.join(";", settings.files()));
        return out;
    }

    /** Starts the target everywhere; with the layer, takes it away node by node first (kill, unmount keeping everything, restart). */
    @Override
    public void heal(TestContext ctx) {
        if (ctx.db() == null) return;
        List<String> failed = new ArrayList<>();
        for (Node node : ctx.cluster().nodes()) {
            NodeResults<String> r = OnNodes.run(ctx.cluster(), List.of(node.name()), settings.timeout().multipliedBy(2), n -> {
                if (layered()) {
                    LazyFsLayer layer = layer(ctx, n);
                    if (layer.mounted()) killable(ctx).kill(ctx, n);
                    layer.uninstall(settings.timeout());
                }
                killable(ctx).start(ctx, n);
                return "healed";
            });
            if (r.error() != null) failed.add(r.error());
        }
        if (!failed.isEmpty()) throw new IllegalStateException("disk heal failed: " + String.join("; ", failed));
    }

    static NodeSpec spec(Object value) {
        if (value instanceof String s) return NodeSpec.parse(s);
        throw new IllegalArgumentException("needs a node spec (one, minority, majority, all, primaries or n1,n3), got " + value);
    }
}
