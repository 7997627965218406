package dev.faultline.cli;

import dev.faultline.harness.run.Registry;
import dev.faultline.targetfile.FileTarget;

import java.nio.file.Path;

/** {@code --target-file FILE}: the registry of the class path plus the file's target. */
final class TargetFiles {
    private TargetFiles() {
    }

    /** The registry to run with and the name of the target chosen. */
    record Choice(Registry registry, String target) {
    }

    /**
     * @param target     {@code --target}, or null
     * @param targetFile {@code --target-file}, or null
     * @throws IllegalArgumentException if both or neither are given, or the file has a mistake
     */
    static Choice choose(Registry registry, String target, Path targetFile) {
        if (target != null && targetFile != null) throw new IllegalArgumentException("give --target or --target-file, not both");
        if (target == null && targetFile == null) {
            throw new IllegalArgumentException("give --target NAME (see `faultline list`) or --target-file FILE (docs/targets.md)");
        }
        if (targetFile == null) return new Choice(registry, target);
        FileTarget t = FileTarget.read(targetFile);
        return new Choice(withTarget(registry, t, targetFile), t.name());
    }

    /** {@code registry} plus the target of {@code targetFile}; {@code registry} itself when there is no file. */
    static Registry withFile(Registry registry, Path targetFile) {
        if (targetFile == null) return registry;
        return withTarget(registry, FileTarget.read(targetFile), targetFile);
    }

    private static Registry withTarget(Registry registry, FileTarget t, Path targetFile) {
        if (registry.targets().containsKey(t.name())) {
            throw new IllegalArgumentException(targetFile + ": name `" + t.name() + "` is a built-in target's; give the file's target another name");
        }
        return registry.withTarget(t);
    }
}
