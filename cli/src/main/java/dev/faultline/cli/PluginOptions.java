package dev.faultline.cli;

import dev.faultline.harness.run.Plugins;
import dev.faultline.harness.run.Registry;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --plugin JAR|DIR} (repeatable) for the commands that resolve targets, workloads and
 * nemeses by name: those jars, then every jar in {@code ./plugins} if that directory exists, are
 * loaded next to the built-ins (docs/plugins.md).
 */
final class PluginOptions {
    @Option(names = "--plugin", paramLabel = "JAR|DIR",
            description = "Plugin jar with targets, workloads or nemeses, or a directory of them (repeatable). "
                    + "Jars in ./plugins are loaded too.")
    List<Path> plugins = new ArrayList<>();

    /**
     * The plugins, opened once; also made the calling thread's context class loader, so that the
     * run's threads (which inherit it) and libraries that load classes through it see the plugins.
     *
     * @throws IllegalArgumentException naming the plugin path that is missing or not a plugin jar
     */
    Plugins open() {
        Plugins p = Plugins.open(plugins, Plugins.DEFAULT_DIRECTORY, FaultlineCli.class.getClassLoader());
        Thread.currentThread().setContextClassLoader(p.loader());
        return p;
    }

    /** A registry of the built-ins and the plugins ({@link #open}). */
    Registry registry() {
        return open().registry();
    }
}
