package dev.faultline.checkers.history;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates shared/data/knossos: the system property faultline.shared, else a walk up from the working directory. */
public final class KnossosData {
    private KnossosData() {}

    public static Path root() {
        String prop = System.getProperty("faultline.shared");
        if (prop != null && !prop.isBlank()) {
            Path p = Path.of(prop, "data", "knossos");
            if (Files.isDirectory(p)) return p;
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path p = d.resolve("shared").resolve("data").resolve("knossos");
            if (Files.isDirectory(p)) return p;
        }
        throw new IllegalStateException("cannot find shared/data/knossos (set -Dfaultline.shared or keep shared/ beside the repo)");
    }
}
