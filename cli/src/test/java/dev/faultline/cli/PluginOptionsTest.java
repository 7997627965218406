package dev.faultline.cli;

import dev.faultline.harness.testing.PluginJars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --plugin} on list and test; the loading itself is tested in harness PluginsTest. */
class PluginOptionsTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        try {
            return FaultlineCli.run(new PrintWriter(out), new PrintWriter(err), args);
        } finally {
            Thread.currentThread().setContextClassLoader(before);
        }
    }

    @Test
    void listShowsAPluginTargetNextToTheBuiltIns() {
        Path jar = new PluginJars(dir).target("my-system.jar", "com.example.cli", "my-system");
        assertThat(run("list", "--plugin", jar.toString())).isZero();
        assertThat(out.toString()).contains("  my-system        plugin target my-system (workloads: register")
                .contains("  etcd ").contains("  partition ");
    }

    @Test
    void aPluginThatReusesABuiltInNameIsRefusedNamingBothJars() {
        Path jar = new PluginJars(dir).target("fake-etcd.jar", "com.example.cli", "etcd");
        assertThat(run("list", "--plugin", jar.toString())).isEqualTo(ExitCodes.CRASH);
        assertThat(err.toString()).startsWith("faultline list: two targets are named 'etcd': ")
                .contains("dev.faultline.targets.etcd.EtcdTarget (from ")
                .contains("com.example.cli.PluginTarget (from " + dir.resolve("fake-etcd.jar"));
    }

    @Test
    void aBadPluginIsAnOptionsErrorOfTestNamingTheFile() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.jar"), "not a jar");
        assertThat(run("list", "--plugin", bad.toString())).isEqualTo(ExitCodes.CRASH);
        assertThat(err.toString()).contains("plugin " + bad.toRealPath() + ": not a readable jar file");
        Path store = dir.resolve("store");
        assertThat(run("test", "--plugin", bad.toString(), "--target", "x", "--workload", "register", "--provisioner", "local",
                "--store", store.toString())).isEqualTo(ExitCodes.CRASH);
        assertThat(store).doesNotExist();
    }
}
