package dev.faultline.harness.provision;

import dev.faultline.harness.control.Provisioner;
import dev.faultline.harness.control.docker.DockerEngine;
import dev.faultline.harness.spi.NodeRights;

import java.nio.file.Path;
import java.util.Set;

/**
 * Builds the provisioner a command line asks for ({@code --provisioner docker|ssh|local}): the one
 * factory of every run ({@code TestRun.Machines} delegates here), so that every run first cleans
 * what dead runs left. Docker: {@link Leftovers#clean} here; SSH and local: a sweep of marked
 * processes when the provisioner provisions. The caller closes the provisioner (the runner does,
 * from its shutdown hook too), so the Docker provisioner gets no shutdown hook of its own.
 */
public final class Provisioners {
    private Provisioners() {
    }

    /**
     * @param kind            docker, ssh or local
     * @param imageDockerfile docker only: build the node image from this Dockerfile instead of debootstrap (may be null)
     * @param nodesFile       ssh only: the nodes file (required)
     * @param localBase       local only: where the sandboxes go (null: a temp directory, removed on close)
     */
    public static Provisioner create(String kind, Path imageDockerfile, Path nodesFile, Path localBase) {
        return create(kind, imageDockerfile, Set.of(), nodesFile, localBase);
    }

    /**
     * As {@link #create(String, Path, Path, Path)}, with the target's Debian packages added to the
     * docker node image ({@link NodeImage#withPackages}); ignored by ssh and local, whose machines
     * the user prepares.
     */
    public static Provisioner create(String kind, Path imageDockerfile, Set<String> nodePackages, Path nodesFile, Path localBase) {
        return create(kind, imageDockerfile, nodePackages, NodeRights.NONE, nodesFile, localBase);
    }

    /**
     * As {@link #create(String, Path, Set, Path, Path)}, with what the run's faults need on the nodes
     * ({@link NodeRights}): docker adds their packages to the node image and their devices and
     * capabilities to every container; ssh and local nodes are the user's to prepare.
     */
    public static Provisioner create(String kind, Path imageDockerfile, Set<String> nodePackages, NodeRights rights,
                                     Path nodesFile, Path localBase) {
        switch (kind) {
            case "docker" -> {
                String reason = DockerEngine.unavailableReason();
                if (!reason.isEmpty()) throw new IllegalStateException(reason + "; or use --provisioner local");
                Leftovers.clean(DockerEngine.client()); // logs what it removed
                Set<String> packages = new java.util.TreeSet<>(nodePackages);
                packages.addAll(rights.packages());
                NodeImage image = imageDockerfile == null ? NodeImage.debootstrap().withPackages(packages)
                        : NodeImage.fromDockerfile(imageDockerfile);
                return new DockerProvisioner(DockerEngine.client(), image.ensure(), RunIdentity.forThisProcess())
                        .withoutShutdownHook().withNodeRights(rights);
            }
            case "ssh" -> {
                if (nodesFile == null) throw new IllegalArgumentException("--provisioner ssh needs --nodes-file FILE");
                return new SshProvisioner(nodesFile);
            }
            case "local" -> {
                if (localBase == null) return LocalProvisioner.inTempDir();
                return new LocalProvisioner(localBase, RunIdentity.forThisProcess(), true);
            }
            default -> throw new IllegalArgumentException("unknown provisioner '" + kind + "' (expected docker, ssh or local)");
        }
    }
}
