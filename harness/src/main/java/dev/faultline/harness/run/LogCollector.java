package dev.faultline.harness.run;

import dev.faultline.harness.control.OnNodes;
import dev.faultline.harness.spi.Db;
import dev.faultline.harness.spi.TestContext;
import dev.faultline.results.RunDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/** Copies the target's log files ({@link Db#logFiles}) of every node into the run's {@code nodes/<node>/}. */
final class LogCollector {
    private static final Logger log = LoggerFactory.getLogger(LogCollector.class);

    private LogCollector() {
    }

    static void collect(TestContext ctx, Db db) throws Exception {
        OnNodes.runAll(ctx.cluster(), Duration.ofSeconds(110), node -> {
            Path dir = Files.createDirectories(RunDir.at(ctx.runDir()).node(node.name()));
            Set<String> taken = new HashSet<>();
            for (String remote : db.logFiles(ctx, node)) {
                try {
                    node.remote().download(remote, dir.resolve(localName(remote, taken)));
                } catch (RuntimeException e) {
                    log.warn("could not collect {} from {}: {}", remote, node.name(), e.toString());
                }
            }
            return dir;
        }).orThrow("log collection");
    }

    /**
     * A collected file's name in the node's directory: its own name, or, when another file of the
     * node already took that name, its path with '/' turned into '_' (so neither overwrites the other).
     */
    static String localName(String remote, Set<String> taken) {
        String name = remote.substring(remote.lastIndexOf('/') + 1);
        if (!taken.add(name)) {
            name = remote.replaceAll("^/+", "").replace('/', '_');
            taken.add(name);
        }
        return name;
    }
}
