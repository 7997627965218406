package dev.faultline.harness.testing;

import dev.faultline.harness.spi.Target;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/** Plugin jars for tests, compiled from source against this JVM's class path and jarred under a work directory. */
public final class PluginJars {
    private final Path work;

    public PluginJars(Path work) {
        this.work = work;
    }

    /** Source of a target class {@code pkg.cls} whose name() is {@code name} (supports the register workload; cannot run). */
    public static String targetSource(String pkg, String cls, String name) {
        return "package " + pkg + ";\n"
                + "import dev.faultline.harness.spi.*;\n"
                + "public class " + cls + " implements Target {\n"
                + "  public String name() { return \"" + name + "\"; }\n"
                + "  public String description() { return \"plugin target " + name + "\"; }\n"
                + "  public java.util.Set<String> workloads() { return java.util.Set.of(\"register\"); }\n"
                + "  public Db db(TestOptions o) { throw new UnsupportedOperationException(); }\n"
                + "  public ClientFactory clients(String w, TestOptions o) { throw new UnsupportedOperationException(); }\n"
                + "}\n";
    }

    /** A jar at {@code work/fileName} with one target class {@code pkg.PluginTarget} named {@code name}, registered. */
    public Path target(String fileName, String pkg, String name) {
        return jar(fileName, Map.of(pkg + ".PluginTarget", targetSource(pkg, "PluginTarget", name)),
                Map.of("META-INF/services/" + Target.class.getName(), "# a comment\n" + pkg + ".PluginTarget\n"));
    }

    /** Compiles the sources (class name → source) and jars the classes with the extra entries (path → text). */
    public Path jar(String fileName, Map<String, String> sources, Map<String, String> entries) {
        try {
            Files.createDirectories(work);
            Path src = Files.createTempDirectory(work, "src");
            Path classes = Files.createTempDirectory(work, "classes");
            List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-cp", System.getProperty("java.class.path")));
            for (Map.Entry<String, String> s : sources.entrySet()) {
                Path f = src.resolve(s.getKey().replace('.', '/') + ".java");
                Files.createDirectories(f.getParent());
                Files.writeString(f, s.getValue());
                args.add(f.toString());
            }
            if (!sources.isEmpty()) {
                JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
                if (javac.run(null, null, null, args.toArray(String[]::new)) != 0) throw new IllegalStateException("javac failed on " + sources.keySet());
            }
            Path jar = work.resolve(fileName);
            Files.createDirectories(jar.getParent());
            try (OutputStream out = Files.newOutputStream(jar); JarOutputStream z = new JarOutputStream(out);
                 Stream<Path> files = Files.walk(classes)) {
                for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    z.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                    Files.copy(p, z);
                    z.closeEntry();
                }
                for (Map.Entry<String, String> e : entries.entrySet()) {
                    z.putNextEntry(new JarEntry(e.getKey()));
                    z.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                    z.closeEntry();
                }
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
