package dev.faultline.harness.run;

import dev.faultline.harness.spi.NemesisFactory;
import dev.faultline.harness.spi.Target;
import dev.faultline.harness.spi.WorkloadFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Targets, workloads and nemeses from jars outside Faultline's class path ({@code --plugin JAR} and
 * the {@code plugins/} directory of the working directory): one {@link URLClassLoader} over every
 * plugin jar, whose parent is Faultline's own loader, so plugins see the SPI and the built-ins and
 * {@link java.util.ServiceLoader} finds both. A plugin jar registers its classes in
 * {@code META-INF/services/} like a built-in module does; it should not bundle Faultline itself.
 *
 * <p>Every jar is checked before anything is loaded: a missing file, a file that is not a jar, or a
 * jar that registers nothing is an {@link IllegalArgumentException} naming the file. A provider
 * class that cannot be loaded or made is one naming the jar that lists it.
 */
public final class Plugins {
    /** The plugins directory used when it exists: {@code plugins} in the working directory. */
    public static final Path DEFAULT_DIRECTORY = Path.of("plugins");

    /** The service files a plugin may hold, one per SPI type. */
    static final List<Class<?>> SERVICES = List.of(Target.class, WorkloadFactory.class, NemesisFactory.class);

    /** Each plugin jar, in load order, with the provider class names its service files list. */
    private final Map<Path, List<String>> providers;
    private final ClassLoader loader;

    private Plugins(Map<Path, List<String>> providers, ClassLoader loader) {
        this.providers = providers;
        this.loader = loader;
    }

    /** No plugins: only what {@code parent} holds. */
    public static Plugins none(ClassLoader parent) {
        return new Plugins(Map.of(), parent);
    }

    /**
     * The plugins in {@code paths} (jar files, or directories whose {@code *.jar} files are all
     * plugins, in name order) and, if {@code defaultDirectory} is a directory, its jars after them.
     * A jar named twice is loaded once.
     *
     * @throws IllegalArgumentException naming the path that is missing, not a jar, or registers nothing
     */
    public static Plugins open(List<Path> paths, Path defaultDirectory, ClassLoader parent) {
        List<Path> jars = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                List<Path> inDir = jarsIn(p);
                if (inDir.isEmpty()) throw new IllegalArgumentException("--plugin " + p + ": the directory holds no .jar files");
                jars.addAll(inDir);
            } else if (Files.isRegularFile(p)) {
                jars.add(p);
            } else {
                throw new IllegalArgumentException("--plugin " + p + ": no such file or directory");
            }
        }
        if (defaultDirectory != null && Files.isDirectory(defaultDirectory)) jars.addAll(jarsIn(defaultDirectory));
        Map<Path, List<String>> providers = new LinkedHashMap<>();
        for (Path jar : jars) {
            Path real = realPath(jar);
            if (!providers.containsKey(real)) providers.put(real, registrations(real));
        }
        if (providers.isEmpty()) return none(parent);
        URL[] urls = providers.keySet().stream().map(Plugins::url).toArray(URL[]::new);
        return new Plugins(providers, new URLClassLoader("faultline-plugins", urls, parent));
    }

    private static List<Path> jarsIn(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new IllegalArgumentException("plugins directory " + dir + ": cannot list it: " + e.getMessage(), e);
        }
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("plugin " + p + ": cannot read it: " + e.getMessage(), e);
        }
    }

    /** The provider class names the jar's service files list; the jar must be readable and list at least one. */
    static List<String> registrations(Path jar) {
        List<String> names = new ArrayList<>();
        try (JarFile f = new JarFile(jar.toFile())) {
            for (Class<?> type : SERVICES) {
                JarEntry e = f.getJarEntry("META-INF/services/" + type.getName());
                if (e == null) continue;
                try (BufferedReader r = new BufferedReader(new InputStreamReader(f.getInputStream(e), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        String name = line.replaceFirst("#.*", "").strip();
                        if (!name.isEmpty()) names.add(name);
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("plugin " + jar + ": not a readable jar file (" + e.getMessage() + ")", e);
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("plugin " + jar + ": registers no target, workload or nemesis; a plugin lists its classes in "
                    + String.join(", ", SERVICES.stream().map(t -> "META-INF/services/" + t.getName()).toList()));
        }
        return names;
    }

    private static URL url(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("plugin " + jar + ": " + e.getMessage(), e);
        }
    }

    /** The plugin jars, in load order. */
    public List<Path> jars() {
        return List.copyOf(providers.keySet());
    }

    /** Faultline's loader with every plugin jar: for {@link java.util.ServiceLoader} and as a thread's context loader. */
    public ClassLoader loader() {
        return loader;
    }

    /**
     * The built-in targets, workloads and nemeses with the plugins'.
     *
     * @throws IllegalArgumentException naming the plugin jar whose provider class cannot be loaded or made
     * @throws IllegalStateException    naming both jars if two of them register the same name
     */
    public Registry registry() {
        try {
            return Registry.load(loader);
        } catch (ServiceConfigurationError | LinkageError e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            Throwable cause = e.getCause();
            String why = cause == null ? message : message + ": " + cause;
            for (Map.Entry<Path, List<String>> p : providers.entrySet()) {
                for (String provider : p.getValue()) {
                    if (message.contains(provider) || message.contains(provider.replace('.', '/'))) {
                        throw new IllegalArgumentException("plugin " + p.getKey() + ": cannot load " + provider + ": " + why, e);
                    }
                }
            }
            if (providers.isEmpty()) throw e;
            throw new IllegalArgumentException("cannot load the plugins " + providers.keySet() + ": " + why, e);
        }
    }
}
