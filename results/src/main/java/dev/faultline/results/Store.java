package dev.faultline.results;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The on-disk store of runs: {@code <root>/<test-name>/<yyyyMMdd'T'HHmmss.SSS>/} (each a {@link RunDir}),
 * a {@code latest} symlink to the newest run and an {@code index.html} listing every run.
 */
public final class Store {
    /** Run directory names: UTC start time, sortable as text. */
    public static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS").withZone(ZoneOffset.UTC);
    public static final String INDEX = "index.html";
    public static final String LATEST = "latest";
    private static final Pattern RUN_NAME = Pattern.compile("\\d{8}T\\d{6}\\.\\d{3}");
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9._-]+");

    private final Path root;
    private final Clock clock;

    private Store(Path root, Clock clock) {
        this.root = root.toAbsolutePath().normalize();
        this.clock = clock;
    }

    public static Store at(Path root) {
        return new Store(root, Clock.systemUTC());
    }

    static Store at(Path root, Clock clock) {
        return new Store(root, clock);
    }

    public Path root() {
        return root;
    }

    /** The store {@code runDir} belongs to, if it is named like a store run ({@code <store>/<test>/<run id>}). */
    public static Optional<Store> of(Path runDir) {
        Path abs = runDir.toAbsolutePath().normalize();
        Path name = abs.getFileName();
        if (name == null || !RUN_NAME.matcher(name.toString()).matches()) return Optional.empty();
        Path testDir = abs.getParent();
        if (testDir == null || testDir.getParent() == null) return Optional.empty();
        return Optional.of(Store.at(testDir.getParent()));
    }

    /**
     * Creates a fresh run directory for {@code testName} and points {@code latest} at it.
     *
     * @throws IllegalArgumentException if the name is empty, or only dots
     */
    public Path newRun(String testName) {
        String dirName = safeTestName(testName);
        try {
            Path testDir = Files.createDirectories(root.resolve(dirName));
            long millis = clock.millis();
            while (true) {
                Path run = testDir.resolve(RUN_ID.format(java.time.Instant.ofEpochMilli(millis)));
                try {
                    Files.createDirectory(run);
                    pointLatestAt(run);
                    return run;
                } catch (FileAlreadyExistsException taken) {
                    millis++; // two runs in the same millisecond: the later one takes the next name
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a run directory under " + root + ": " + e.getMessage(), e);
        }
    }

    /** Regenerates {@code index.html} from every run's results.json and test.json. */
    public void updateIndex() {
        try {
            AtomicFiles.write(root.resolve(INDEX), StoreIndex.render(runs()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + root.resolve(INDEX) + ": " + e.getMessage(), e);
        }
    }

    /** Every run in the store that has a results.json or test.json, newest first. */
    public List<RunSummary> runs() {
        return RunSummary.scan(root);
    }

    /** The directory name used for a test: unsafe characters become '-'. */
    static String safeTestName(String testName) {
        if (testName == null || testName.isBlank()) throw new IllegalArgumentException("test name is empty");
        String s = testName.strip().replaceAll("[^A-Za-z0-9._-]+", "-");
        if (!SAFE_NAME.matcher(s).matches() || s.chars().allMatch(c -> c == '.')) {
            throw new IllegalArgumentException("test name '" + testName + "' cannot be used as a directory name");
        }
        return s;
    }

    private void pointLatestAt(Path run) throws IOException {
        Path latest = root.resolve(LATEST);
        Path target = root.relativize(run);
        Path tmp = root.resolve(".latest-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        try {
            Files.createSymbolicLink(tmp, target);
            Files.move(tmp, latest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (UnsupportedOperationException | IOException e) {
            Files.deleteIfExists(tmp);
            // File systems without symlinks: a text file naming the newest run.
            Files.writeString(latest, target + "\n");
        }
    }
}
