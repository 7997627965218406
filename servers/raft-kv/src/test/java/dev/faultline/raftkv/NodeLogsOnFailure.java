package dev.faultline.raftkv;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * When a test that runs real server processes fails, prints the tail of every node's log and copies
 * the whole working directory (logs, meta, log, snapshot) to {@code target/failed-node-dirs/}, before
 * the {@code @TempDir} is deleted. Register on a test class implementing {@link NodeDirs}. With
 * {@code -Draftkv.keepNodeDirs=true} the directories of passing tests are kept too (in
 * {@code target/kept-node-dirs/}), e.g. to compare election timings across runs.
 */
final class NodeLogsOnFailure implements TestExecutionExceptionHandler, AfterTestExecutionCallback {
    private static final int TAIL_LINES = 80;

    /** A test that keeps its nodes' files under one directory. */
    interface NodeDirs {
        Path nodeDir();
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        if (context.getRequiredTestInstance() instanceof NodeDirs test && test.nodeDir() != null) {
            try {
                dump(test.nodeDir(), context.getDisplayName());
            } catch (IOException | RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
        throw failure;
    }

    @Override
    public void afterTestExecution(ExtensionContext context) throws IOException {
        if (context.getExecutionException().isEmpty() && Boolean.getBoolean("raftkv.keepNodeDirs")
                && context.getRequiredTestInstance() instanceof NodeDirs test && test.nodeDir() != null) {
            copyTree(test.nodeDir(), keepDir("kept-node-dirs", context.getDisplayName()));
        }
    }

    private static Path keepDir(String parent, String testName) {
        return Path.of("target", parent, testName.replaceAll("[^A-Za-z0-9]+", "_") + "-" + Instant.now().toEpochMilli());
    }

    static void dump(Path dir, String testName) throws IOException {
        Path keep = keepDir("failed-node-dirs", testName);
        copyTree(dir, keep);
        StringBuilder b = new StringBuilder();
        b.append("\n==== node logs of failed test ").append(testName).append(" (all files kept in ")
                .append(keep.toAbsolutePath()).append(") ====\n");
        try (Stream<Path> files = Files.list(dir)) {
            for (Path out : files.filter(p -> p.getFileName().toString().endsWith(".out")).sorted().toList()) {
                List<String> lines = Files.readAllLines(out);
                b.append("---- ").append(out.getFileName()).append(" (last ")
                        .append(Math.min(TAIL_LINES, lines.size())).append(" of ").append(lines.size())
                        .append(" lines) ----\n");
                lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size())
                        .forEach(l -> b.append(l).append('\n'));
            }
        }
        b.append("==== end of node logs ====\n");
        System.err.print(b);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (Files.isRegularFile(p)) {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
