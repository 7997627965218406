package dev.faultline.harness.provision;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the Debian mirror this machine's apt already uses (deb822 {@code .sources} files and
 * one-line {@code .list} files), so that building the node image talks to the same mirror as apt.
 */
public final class DebianMirror {
    public static final String FALLBACK = "http://deb.debian.org/debian";

    private DebianMirror() {
    }

    /** {@code FAULTLINE_DEBIAN_MIRROR} if set, else the first main-archive mirror apt lists, else {@link #FALLBACK}. */
    public static String find() {
        String env = System.getenv("FAULTLINE_DEBIAN_MIRROR");
        if (env != null && !env.isBlank()) return env.strip();
        return fromApt(Path.of("/etc/apt")).orElse(FALLBACK);
    }

    static Optional<String> fromApt(Path etcApt) {
        List<Path> files = new ArrayList<>();
        Path dir = etcApt.resolve("sources.list.d");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.toString().endsWith(".sources") || p.toString().endsWith(".list")).sorted().forEach(files::add);
            } catch (IOException ignored) {
                // unreadable: fall through to sources.list
            }
        }
        files.add(etcApt.resolve("sources.list"));
        for (Path f : files) {
            if (!Files.isRegularFile(f)) continue;
            try {
                List<String> lines = Files.readAllLines(f);
                Optional<String> m = f.toString().endsWith(".sources") ? fromDeb822(lines) : fromOneLine(lines);
                if (m.isPresent()) return m;
            } catch (IOException ignored) {
                // try the next file
            }
        }
        return Optional.empty();
    }

    /** Stanzas of {@code Key: value} lines separated by blank lines. */
    static Optional<String> fromDeb822(List<String> lines) {
        String uri = null;
        String suites = null;
        List<String> all = new ArrayList<>(lines);
        all.add("");
        for (String raw : all) {
            String line = raw.strip();
            if (line.isEmpty()) {
                if (uri != null && suites != null && isMainArchive(uri, List.of(suites.split("\\s+")))) return Optional.of(uri);
                uri = null;
                suites = null;
            } else if (line.regionMatches(true, 0, "URIs:", 0, 5)) {
                uri = line.substring(5).strip().split("\\s+")[0];
            } else if (line.regionMatches(true, 0, "Suites:", 0, 7)) {
                suites = line.substring(7).strip();
            }
        }
        return Optional.empty();
    }

    static Optional<String> fromOneLine(List<String> lines) {
        for (String raw : lines) {
            String line = raw.strip();
            if (!line.startsWith("deb ")) continue;
            String[] w = line.replaceAll("\\[[^]]*]", " ").strip().split("\\s+");
            if (w.length >= 3 && isMainArchive(w[1], List.of(w[2]))) return Optional.of(w[1]);
        }
        return Optional.empty();
    }

    private static boolean isMainArchive(String uri, List<String> suites) {
        return suites.contains("bookworm") && (uri.startsWith("http://") || uri.startsWith("https://"));
    }
}
