package dev.faultline.harness.run;

import dev.faultline.harness.spi.Target;
import dev.faultline.harness.testing.PluginJars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Plugin jars compiled here from source, loaded as {@code --plugin} would load them. */
class PluginsTest {
    @TempDir
    Path tmp;

    private final ClassLoader faultline = PluginsTest.class.getClassLoader();

    private Path targetJar(String fileName, String pkg, String name) {
        return new PluginJars(tmp).target(fileName, pkg, name);
    }

    private Path jar(String fileName, Map<String, String> sources, Map<String, String> entries) {
        return new PluginJars(tmp).jar(fileName, sources, entries);
    }

    @Test
    void aPluginJarAddsItsTargetToTheRegistry() throws IOException {
        Path jar = targetJar("my-system.jar", "com.example.one", "my-system");
        Plugins plugins = Plugins.open(List.of(jar), null, faultline);
        Registry r = plugins.registry();
        assertThat(r.targets()).containsKey("my-system");
        Target t = r.target("my-system");
        assertThat(t.getClass().getClassLoader()).isSameAs(plugins.loader());
        assertThat(plugins.loader().getParent()).isSameAs(faultline);
        assertThat(Registry.origin(t)).isEqualTo("com.example.one.PluginTarget (from " + jar.toRealPath() + ")");
        assertThat(plugins.jars()).containsExactly(jar.toRealPath());
    }

    @Test
    void directoriesGiveAllTheirJarsAndTheDefaultDirectoryIsUsedWhenItExists() throws IOException {
        Path a = targetJar("dir/a.jar", "com.example.a", "a");
        targetJar("dir/b.jar", "com.example.b", "b");
        Path c = targetJar("plugins/c.jar", "com.example.c", "c");
        Registry r = Plugins.open(List.of(tmp.resolve("dir"), a, c), tmp.resolve("plugins"), faultline).registry();
        assertThat(r.targets().keySet()).containsExactly("a", "b", "c"); // a and c named twice, loaded once
        assertThat(Plugins.open(List.of(), tmp.resolve("no-such-dir"), faultline).jars()).isEmpty();
    }

    @Test
    void twoPluginsWithOneNameAreAnErrorNamingBothJars() throws IOException {
        Path first = targetJar("first.jar", "com.example.first", "same");
        Path second = targetJar("second.jar", "com.example.second", "same");
        Plugins plugins = Plugins.open(List.of(first, second), null, faultline);
        assertThatThrownBy(plugins::registry).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("two targets are named 'same'")
                .hasMessageContaining("com.example.first.PluginTarget (from " + first.toRealPath() + ")")
                .hasMessageContaining("com.example.second.PluginTarget (from " + second.toRealPath() + ")");
    }

    @Test
    void aPluginThatReusesABuiltInNameIsAnErrorNamingBothJars() throws IOException {
        Path builtIn = targetJar("faultline.jar", "dev.faultline.builtin", "etcd");
        Path plugin = targetJar("plugin.jar", "com.example.etcd", "etcd");
        ClassLoader withBuiltIn = Plugins.open(List.of(builtIn), null, faultline).loader();
        assertThatThrownBy(() -> Plugins.open(List.of(plugin), null, withBuiltIn).registry())
                .hasMessageContaining("two targets are named 'etcd'")
                .hasMessageContaining(builtIn.toRealPath().toString())
                .hasMessageContaining(plugin.toRealPath().toString());
    }

    @Test
    void badJarsAreErrorsNamingTheFile() throws IOException {
        Path missing = tmp.resolve("missing.jar");
        assertThatThrownBy(() -> Plugins.open(List.of(missing), null, faultline))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--plugin " + missing + ": no such file or directory");

        Path notAJar = Files.writeString(tmp.resolve("notes.jar"), "not a zip");
        assertThatThrownBy(() -> Plugins.open(List.of(notAJar), null, faultline))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("plugin " + notAJar.toRealPath() + ": not a readable jar file");

        Path empty = jar("empty.jar", Map.of(), Map.of("README", "nothing"));
        assertThatThrownBy(() -> Plugins.open(List.of(empty), null, faultline))
                .hasMessageStartingWith("plugin " + empty.toRealPath() + ": registers no target, workload or nemesis")
                .hasMessageContaining("META-INF/services/dev.faultline.harness.spi.Target");

        Path emptyDir = Files.createDirectory(tmp.resolve("nothing-here"));
        assertThatThrownBy(() -> Plugins.open(List.of(emptyDir), null, faultline))
                .hasMessage("--plugin " + emptyDir + ": the directory holds no .jar files");
    }

    @Test
    void aProviderThatCannotBeLoadedOrMadeIsAnErrorNamingItsJar() throws IOException {
        Path typo = jar("typo.jar", Map.of(), Map.of("META-INF/services/" + Target.class.getName(), "com.example.NoSuchTarget\n"));
        assertThatThrownBy(() -> Plugins.open(List.of(typo), null, faultline).registry())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("plugin " + typo.toRealPath() + ": cannot load com.example.NoSuchTarget");

        String throwing = PluginJars.targetSource("com.example.boom", "PluginTarget", "boom")
                .replace("public String name()", "public PluginTarget() { throw new IllegalStateException(\"no config\"); }\n  public String name()");
        Path boom = jar("boom.jar", Map.of("com.example.boom.PluginTarget", throwing),
                Map.of("META-INF/services/" + Target.class.getName(), "com.example.boom.PluginTarget"));
        assertThatThrownBy(() -> Plugins.open(List.of(boom), null, faultline).registry())
                .hasMessageStartingWith("plugin " + boom.toRealPath() + ": cannot load com.example.boom.PluginTarget")
                .hasMessageContaining("no config");
    }
}
