package dev.faultline.cli;

import dev.faultline.harness.provision.NodeImage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code faultline image build}: builds (or checks) the node image that Docker runs use. */
@Command(name = "image", mixinStandardHelpOptions = true, description = "Manage the node image.",
        subcommands = ImageCommand.Build.class)
public final class ImageCommand {

    @Command(name = "build", mixinStandardHelpOptions = true,
            description = "Build the node image locally (debootstrap + docker import, no registry), or from a Dockerfile. "
                    + "Cached by a hash of its recipe: a second build only checks it.")
    static final class Build implements Callable<Integer> {
        @Option(names = "--dockerfile", paramLabel = "PATH",
                description = "Build with `docker build` from this Dockerfile instead (needs its base image).")
        Path dockerfile;

        @Option(names = "--package", split = ",", paramLabel = "NAME",
                description = "Debian packages to add (as a target's node packages are): builds the derived image.")
        List<String> packages = new ArrayList<>();

        @Option(names = "--force", description = "Rebuild even if the image exists.")
        boolean force;

        @Override
        public Integer call() {
            NodeImage image = dockerfile == null ? NodeImage.debootstrap().withPackages(packages) : NodeImage.fromDockerfile(dockerfile);
            long t0 = System.nanoTime();
            boolean had = !force && image.exists();
            String tag = image.build(force);
            System.out.printf("%s %s in %.1f s%n", tag, had ? "already present" : "built", (System.nanoTime() - t0) / 1e9);
            return 0;
        }
    }
}
