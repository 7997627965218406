package dev.faultline.targets.jvm;

import dev.faultline.harness.control.Remote;
import dev.faultline.harness.control.Shell;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Ships one of our JVM servers to a node: the jars (or class directories, zipped into jars on the
 * fly) that hold the server's main class and its runtime dependencies, found through the classes'
 * code sources on this controller's class path. Uploaded to {@code /opt/faultline/<name>/lib/} and
 * run with {@code java -cp '/opt/faultline/<name>/lib/*' MAIN}.
 */
public final class JvmBundle {
    private static final Map<Path, Path> ZIPPED = new ConcurrentHashMap<>();

    private final String name;
    private final String mainClass;
    private final List<Path> jars;

    private JvmBundle(String name, String mainClass, List<Path> jars) {
        this.name = name;
        this.mainClass = mainClass;
        this.jars = List.copyOf(jars);
    }

    /**
     * @param name      the target's name (the directory under /opt/faultline)
     * @param main      the server's main class
     * @param libraries one class from each library the server needs at run time (e.g. Jackson's
     *                  ObjectMapper, slf4j's Logger); each one's jar or class directory is shipped
     */
    public static JvmBundle of(String name, Class<?> main, Class<?>... libraries) {
        Map<Path, Path> jars = new LinkedHashMap<>();
        List<Class<?>> all = new ArrayList<>();
        all.add(main);
        all.addAll(List.of(libraries));
        for (Class<?> c : all) {
            Path source = codeSource(c);
            jars.computeIfAbsent(source, s -> Files.isDirectory(s) ? ZIPPED.computeIfAbsent(s, JvmBundle::zip) : s);
        }
        return new JvmBundle(name, main.getName(), new ArrayList<>(jars.values()));
    }

    /**
     * A server of ours: its main class, the given libraries, and what every one of them uses
     * (Jackson for its HTTP JSON API, slf4j with logback for its log).
     */
    public static JvmBundle server(String name, Class<?> main, Class<?>... libraries) {
        List<Class<?>> all = new ArrayList<>(List.of(libraries));
        all.addAll(List.of(com.fasterxml.jackson.databind.ObjectMapper.class,
                com.fasterxml.jackson.core.JsonFactory.class,
                com.fasterxml.jackson.annotation.JsonProperty.class,
                org.slf4j.Logger.class,
                ch.qos.logback.classic.Logger.class,
                ch.qos.logback.core.Appender.class));
        return of(name, main, all.toArray(Class<?>[]::new));
    }

    static Path codeSource(Class<?> c) {
        CodeSource cs = c.getProtectionDomain().getCodeSource();
        if (cs == null || cs.getLocation() == null) {
            throw new IllegalStateException("cannot tell where " + c.getName() + " was loaded from (no code source)");
        }
        try {
            return Path.of(cs.getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("bad code source of " + c.getName() + ": " + cs.getLocation(), e);
        }
    }

    /** Zips a class directory into a temporary jar (deleted when this JVM exits). */
    static Path zip(Path dir) {
        try {
            Path jar = Files.createTempFile("faultline-" + dir.getParent().getFileName() + "-", ".jar");
            jar.toFile().deleteOnExit();
            Manifest manifest = new Manifest();
            manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
            try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out, manifest);
                 Stream<Path> files = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) files.sorted()::iterator) {
                    if (p.equals(dir)) continue;
                    String entry = dir.relativize(p).toString().replace('\\', '/');
                    if (entry.equals("META-INF/MANIFEST.MF")) continue;
                    if (Files.isDirectory(p)) {
                        zip.putNextEntry(new JarEntry(entry + "/"));
                    } else {
                        zip.putNextEntry(new JarEntry(entry));
                        Files.copy(p, zip);
                    }
                    zip.closeEntry();
                }
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot zip the classes in " + dir + " into a jar", e);
        }
    }

    /** The node directory of this server: the jars under {@code lib/}, the class-data archive. */
    public String home() {
        return "/opt/faultline/" + name;
    }

    /** The node directory that holds the jars. */
    public String libDir() {
        return home() + "/lib";
    }

    /**
     * The AppCDS archive of these jars on the node (made by {@code JvmServerDb.trainClassData}); valid
     * only for this node's JVM and these exact jars, so {@link #install} removes it.
     */
    public String classDataArchive() {
        return home() + "/classes.jsa";
    }

    /** The JVM option that maps {@link #classDataArchive()} if it exists (a missing archive is ignored). */
    public String classDataOption(Remote remote) {
        return "-XX:SharedArchiveFile=" + remote.nodePath(classDataArchive());
    }

    /** {@code options}, plus {@link #classDataOption} when {@code classData} is on. */
    public List<String> jvmOptions(List<String> options, boolean classData, Remote remote) {
        List<String> out = new ArrayList<>(options);
        if (classData) out.add(classDataOption(remote));
        return out;
    }

    public List<Path> jars() {
        return jars;
    }

    public String mainClass() {
        return mainClass;
    }

    /** Uploads every jar (replacing older copies, removing strays) to {@link #libDir()} on the node. */
    public void install(Remote remote) {
        String lib = remote.nodePath(libDir());
        remote.sh("rm -rf " + Shell.quote(lib) + " " + Shell.quote(remote.nodePath(classDataArchive())) + " && mkdir -p " + Shell.quote(lib))
                .orThrow(remote.describe() + ": prepare " + lib);
        for (Path jar : jars) {
            String fileName = jar.getFileName().toString();
            remote.upload(jar, libDir() + "/" + fileName);
        }
    }

    /** {@code java -cp '<lib>/*' MAIN args...} as argv for the node (a node path, as the remote sees it). */
    public List<String> command(Remote remote, List<String> jvmOptions, List<String> args) {
        List<String> argv = new ArrayList<>();
        argv.add("java");
        argv.addAll(jvmOptions);
        argv.add("-cp");
        argv.add(remote.nodePath(libDir()) + "/*");
        argv.add(mainClass);
        argv.addAll(args);
        return argv;
    }
}
