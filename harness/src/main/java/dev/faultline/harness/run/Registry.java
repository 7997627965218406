package dev.faultline.harness.run;

import dev.faultline.harness.spi.NemesisFactory;
import dev.faultline.harness.spi.Target;
import dev.faultline.harness.spi.WorkloadFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.ServiceLoader;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The targets, workloads and nemeses on the class path (and in plugin jars, see {@link Plugins}),
 * found with {@link ServiceLoader}. Unknown names are rejected with a message that lists the known
 * ones; two of a kind with one name are rejected naming both classes and the jars they came from.
 */
public final class Registry {
    private final SortedMap<String, Target> targets;
    private final SortedMap<String, WorkloadFactory> workloads;
    private final SortedMap<String, NemesisFactory> nemeses;

    public Registry(List<Target> targets, List<WorkloadFactory> workloads, List<NemesisFactory> nemeses) {
        this.targets = index("target", targets, Target::name);
        this.workloads = index("workload", workloads, WorkloadFactory::name);
        this.nemeses = index("nemesis", nemeses, NemesisFactory::name);
    }

    /** Everything registered in {@code META-INF/services} on the given class loader. */
    public static Registry load(ClassLoader loader) {
        return new Registry(all(Target.class, loader), all(WorkloadFactory.class, loader), all(NemesisFactory.class, loader));
    }

    public static Registry load() {
        return load(Thread.currentThread().getContextClassLoader());
    }

    private static <T> List<T> all(Class<T> type, ClassLoader loader) {
        List<T> out = new ArrayList<>();
        ServiceLoader.load(type, loader).forEach(out::add);
        return out;
    }

    private static <T> SortedMap<String, T> index(String kind, List<T> items, Function<T, String> name) {
        SortedMap<String, T> out = new TreeMap<>();
        for (T item : items) {
            T previous = out.put(name.apply(item), item);
            if (previous != null) {
                throw new IllegalStateException("two " + plural(kind) + " are named '" + name.apply(item) + "': "
                        + origin(previous) + " and " + origin(item));
            }
        }
        return Collections.unmodifiableSortedMap(out);
    }

    /** "com.example.MyTarget (from /path/my-system.jar)": the class and where it was loaded from. */
    static String origin(Object item) {
        Class<?> c = item.getClass();
        java.security.CodeSource source = c.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) return c.getName();
        String where;
        try {
            where = java.nio.file.Path.of(source.getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException | IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            where = source.getLocation().toString();
        }
        return c.getName() + " (from " + where + ")";
    }

    private static String plural(String kind) {
        return kind.equals("nemesis") ? "nemeses" : kind + "s";
    }

    /**
     * This registry plus one more target (a target file's, say).
     *
     * @throws IllegalStateException if a registered target has the same name
     */
    public Registry withTarget(Target target) {
        List<Target> all = new ArrayList<>(targets.values());
        all.add(target);
        return new Registry(all, List.copyOf(workloads.values()), List.copyOf(nemeses.values()));
    }

    public Target target(String name) {
        return find("target", targets, name);
    }

    public WorkloadFactory workload(String name) {
        return find("workload", workloads, name);
    }

    public NemesisFactory nemesis(String name) {
        return find("nemesis", nemeses, name);
    }

    private static <T> T find(String kind, SortedMap<String, T> known, String name) {
        T item = known.get(name);
        if (item == null) {
            throw new UnknownNameException("unknown " + kind + " '" + name + "'; known " + plural(kind)
                    + ": " + (known.isEmpty() ? "(none on the class path)" : String.join(", ", known.keySet())));
        }
        return item;
    }

    public SortedMap<String, Target> targets() {
        return targets;
    }

    public SortedMap<String, WorkloadFactory> workloads() {
        return workloads;
    }

    public SortedMap<String, NemesisFactory> nemeses() {
        return nemeses;
    }

    /** A name that no registered target, workload or nemesis has. */
    public static final class UnknownNameException extends IllegalArgumentException {
        public UnknownNameException(String message) {
            super(message);
        }
    }
}
