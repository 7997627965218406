package dev.faultline.harness.provision;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.faultline.harness.control.docker.DockerEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The Docker image every node runs: Debian bookworm with a JRE, iptables, iproute2 (tc), procps,
 * libfaketime, sshd and netcat. Built locally, with no registry: {@code debootstrap} makes a
 * minbase root file system from the Debian mirror apt already uses, and the engine imports it.
 * The tag is a hash of the recipe, so an image that exists is reused and a changed recipe builds
 * a new one. Users who can pull a base image may build from a Dockerfile instead
 * ({@link #fromDockerfile}; {@code harness/docker/node/Dockerfile} makes an equivalent image).
 *
 * <p>The harness names no package of any target: a target's own packages
 * ({@code Target.nodePackages()}) go into a derived image ({@link #withPackages}), one per package
 * set, made by {@code apt-get install} in a container of the base image and {@code docker commit}
 * (seconds, against the minute a debootstrap with the union of packages takes; docs/provisioning.md).
 *
 * <p>Concurrent builds of the same image on one machine wait for each other (a file lock), so
 * parallel test runs do not debootstrap twice.
 */
public final class NodeImage {
    private static final Logger log = LoggerFactory.getLogger(NodeImage.class);

    public static final String REPOSITORY = "faultline-node";
    public static final String SUITE = "bookworm";
    /**
     * What every node needs whatever the target: the JVM for our targets, fault tools, process tools,
     * sshd for SSH mode, netcat and curl for probes. Targets add their own ({@link #withPackages}).
     */
    public static final List<String> PACKAGES = List.of("openjdk-17-jre-headless", "iptables", "iproute2", "procps",
            "faketime", "openssh-server", "netcat-openbsd", "curl");
    /** Directories the harness relies on; sshd refuses to start without /run/sshd. */
    static final List<String> DIRECTORIES = List.of("run/sshd", "var/lib/faultline", "var/log/faultline",
            "run/faultline", "opt/faultline", "root/.ssh");
    private static final int RECIPE_VERSION = 2;
    /** A Debian package name (Debian policy 5.6.1), optionally with an architecture qualifier. */
    private static final Pattern PACKAGE_NAME = Pattern.compile("[a-z0-9][a-z0-9+.-]+(:[a-z0-9-]+)?");

    private final DockerClient docker;
    private final Path dockerfile; // null: debootstrap
    private final SortedSet<String> extraPackages; // debootstrap only: installed into a derived image

    private NodeImage(DockerClient docker, Path dockerfile, SortedSet<String> extraPackages) {
        this.docker = docker;
        this.dockerfile = dockerfile;
        this.extraPackages = Collections.unmodifiableSortedSet(extraPackages);
    }

    /** The image built with debootstrap (needs root and the debootstrap package). */
    public static NodeImage debootstrap() {
        return new NodeImage(DockerEngine.client(), null, new TreeSet<>());
    }

    /** The image built from a Dockerfile (its directory is the build context; the base image must be pullable or present). */
    public static NodeImage fromDockerfile(Path dockerfile) {
        if (!Files.isRegularFile(dockerfile)) throw new IllegalArgumentException("no Dockerfile at " + dockerfile);
        return new NodeImage(DockerEngine.client(), dockerfile.toAbsolutePath(), new TreeSet<>());
    }

    /**
     * This debootstrap image plus the given Debian packages (a target's); this image itself if there
     * are none or all are in the base already.
     *
     * @throws IllegalArgumentException for a name that is not a Debian package name, or on a Dockerfile image
     */
    public NodeImage withPackages(Collection<String> packages) {
        if (dockerfile != null && !packages.isEmpty()) {
            throw new IllegalArgumentException("packages " + packages + " cannot be added to an image built from " + dockerfile
                    + "; install them in the Dockerfile");
        }
        SortedSet<String> all = new TreeSet<>(extraPackages);
        for (String p : packages) {
            if (!isPackageName(p)) {
                throw new IllegalArgumentException("'" + p + "' is not a Debian package name (lower-case letters, digits, + - .)");
            }
            if (!PACKAGES.contains(p)) all.add(p);
        }
        return new NodeImage(docker, dockerfile, all);
    }

    /** A Debian package name (lower-case letters, digits, {@code + - .}, at least two characters). */
    public static boolean isPackageName(String name) {
        return PACKAGE_NAME.matcher(name).matches();
    }

    /** The packages this image adds to the base image (sorted). */
    public SortedSet<String> extraPackages() {
        return extraPackages;
    }

    /** The debootstrap image without a target's packages. */
    public NodeImage base() {
        return extraPackages.isEmpty() ? this : new NodeImage(docker, dockerfile, new TreeSet<>());
    }

    /** The recipe whose hash names the image. */
    public String recipe() {
        if (dockerfile != null) {
            try {
                return "dockerfile\n" + Files.readString(dockerfile);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + dockerfile, e);
            }
        }
        String base = "faultline node image v" + RECIPE_VERSION + "\nsuite=" + SUITE + " variant=minbase\npackages="
                + String.join(",", PACKAGES) + "\ndirectories=" + String.join(",", DIRECTORIES) + "\n";
        return extraPackages.isEmpty() ? base : base + "apt-get install " + String.join(" ", extraPackages) + "\n";
    }

    /** {@code faultline-node:<hash>}. */
    public String tag() {
        return REPOSITORY + ":" + (dockerfile != null ? "df-" : "") + hash(recipe());
    }

    /** True if the engine already has this image. */
    public boolean exists() {
        try {
            docker.inspectImageCmd(tag()).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** Returns the image tag, building the image first if the engine does not have it. */
    public String ensure() {
        return build(false);
    }

    /** Builds the image (again, if {@code force}) and returns its tag; for {@code faultline image build}. */
    public String build(boolean force) {
        String tag = tag();
        if (!force && exists()) return tag;
        synchronized (NodeImage.class) {
            Path lockFile = Path.of(System.getProperty("java.io.tmpdir"), "faultline-image-" + tag.replace(':', '-') + ".lock");
            try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = ch.lock()) {
                if (!force && exists()) return tag; // another process built it while we waited
                long t0 = System.nanoTime();
                if (dockerfile != null) buildFromDockerfile(tag);
                else if (!extraPackages.isEmpty()) buildDerived(tag);
                else buildWithDebootstrap(tag);
                log.info("built node image {} in {} s", tag, (System.nanoTime() - t0) / 1_000_000_000);
                return tag;
            } catch (IOException e) {
                throw new ImageBuildException("cannot build node image " + tag + ": " + e.getMessage(), e);
            }
        }
    }

    private void buildWithDebootstrap(String tag) throws IOException {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new ImageBuildException("building the node image with debootstrap needs root; run as root, or build from a "
                    + "Dockerfile (harness/docker/node/Dockerfile) on a machine that can pull debian:bookworm-slim");
        }
        Path debootstrap = Path.of("/usr/sbin/debootstrap");
        if (!Files.isExecutable(debootstrap)) {
            throw new ImageBuildException("debootstrap is not installed (apt-get install debootstrap), and it is needed to build "
                    + "the node image without a registry");
        }
        String mirror = DebianMirror.find();
        Path work = Files.createTempDirectory(Path.of("/var/tmp"), "faultline-rootfs-");
        Path rootfs = work.resolve("root");
        Path logFile = work.resolve("debootstrap.log");
        try {
            log.info("building node image {} with debootstrap from {} (about a minute) ...", tag, mirror);
            run(List.of(debootstrap.toString(), "--variant=minbase", "--include=" + String.join(",", PACKAGES),
                    SUITE, rootfs.toString(), mirror), logFile, 20, "debootstrap");
            for (String d : DIRECTORIES) Files.createDirectories(rootfs.resolve(d));
            run(List.of("sh", "-c", "rm -rf var/cache/apt/archives/*.deb var/lib/apt/lists/* usr/share/doc/* usr/share/man/*"),
                    logFile, 2, "cleaning the root file system", rootfs);
            Files.writeString(rootfs.resolve("etc/faultline-node-image"), tag + "\n" + recipe());
            importRootfs(rootfs, tag, logFile);
        } finally {
            try {
                run(List.of("rm", "-rf", work.toString()), work.resolveSibling(work.getFileName() + ".rm.log"), 5, "removing " + work);
                Files.deleteIfExists(work.resolveSibling(work.getFileName() + ".rm.log"));
            } catch (RuntimeException e) {
                log.warn("could not remove {}: {}", work, e.getMessage());
            }
        }
    }

    /**
     * The base image, then {@code apt-get install} of the extra packages in a container of it (on the
     * engine's default network: it needs the Debian mirror) and {@code docker commit}. A
     * {@code policy-rc.d} that forbids starting services is in place during the install, so no
     * package's postinst starts its daemon (the target starts it itself, under libfaketime).
     */
    private void buildDerived(String tag) throws IOException {
        if (!onPath("docker")) throw new ImageBuildException("the docker command-line client is needed to build the node image");
        String base = base().ensure();
        String container = "faultline-image-build-" + hash(tag + System.nanoTime());
        Path logFile = Files.createTempFile("faultline-image-", ".log");
        String install = "set -e\n"
                + "printf '#!/bin/sh\\nexit 101\\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d\n"
                + "printf 'deb %s %s main\\n' \"$1\" " + SUITE + " > /etc/apt/sources.list && shift\n"
                + "apt-get update -q\n"
                + "DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \"$@\"\n"
                + "rm -f /usr/sbin/policy-rc.d\n"
                + "rm -rf /var/cache/apt/archives/*.deb /var/lib/apt/lists/* /usr/share/doc/* /usr/share/man/*\n";
        List<String> run = new ArrayList<>(List.of("docker", "run", "--name", container, "--label", "faultline.image=build",
                base, "sh", "-c", install, "install", DebianMirror.find()));
        run.addAll(extraPackages);
        try {
            log.info("building node image {}: {} + apt-get install {} ...", tag, base, String.join(" ", extraPackages));
            run(run, logFile, 20, "apt-get install " + String.join(" ", extraPackages) + " in a container of " + base);
            run(List.of("docker", "commit", "-c", "CMD [\"sleep\", \"infinity\"]", "-c", "LABEL faultline.image=node",
                    "-c", "LABEL faultline.packages=" + String.join(",", extraPackages), container, tag), logFile, 10, "docker commit");
            if (!exists()) throw new ImageBuildException("docker commit finished but " + tag + " is not there");
        } finally {
            try {
                run(List.of("docker", "rm", "-f", container), logFile, 2, "removing the build container " + container);
            } catch (RuntimeException e) {
                log.warn("could not remove the build container {}: {}", container, e.getMessage());
            }
            Files.deleteIfExists(logFile);
        }
    }

    /**
     * {@code tar | docker import}. The docker CLI is used because docker-java's import call
     * (createImageCmd with a stream) is answered "unexpected EOF" by Engine 20.10 even for tiny tars.
     */
    private void importRootfs(Path rootfs, String tag, Path logFile) {
        if (!onPath("docker")) throw new ImageBuildException("the docker command-line client is needed to import the node image");
        run(List.of("bash", "-o", "pipefail", "-c", "tar --numeric-owner -C \"$1\" -c . | docker import"
                        + " -c 'CMD [\"sleep\", \"infinity\"]' -c 'LABEL faultline.image=node' - \"$2\"",
                "import", rootfs.toString(), tag), logFile, 10, "tar | docker import");
        if (!exists()) throw new ImageBuildException("docker import finished but " + tag + " is not there");
    }

    private static boolean onPath(String command) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(":")) {
            if (Files.isExecutable(Path.of(dir, command))) return true;
        }
        return false;
    }

    private void buildFromDockerfile(String tag) {
        log.info("building node image {} from {} ...", tag, dockerfile);
        try {
            docker.buildImageCmd().withDockerfile(dockerfile.toFile()).withBaseDirectory(dockerfile.getParent().toFile())
                    .withTags(Set.of(tag)).withLabels(Map.of("faultline.image", "node"))
                    .exec(new BuildImageResultCallback()).awaitImageId(30, TimeUnit.MINUTES);
        } catch (DockerException | com.github.dockerjava.api.exception.DockerClientException e) {
            throw new ImageBuildException("docker build of " + dockerfile + " failed: " + e.getMessage(), e);
        }
    }

    private static void run(List<String> cmd, Path logFile, int minutes, String what) {
        run(cmd, logFile, minutes, what, null);
    }

    private static void run(List<String> cmd, Path logFile, int minutes, String what, Path dir) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            if (dir != null) pb.directory(dir.toFile());
            Process p = pb.start();
            if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new ImageBuildException(what + " did not finish within " + minutes + " min; log: " + tail(logFile));
            }
            if (p.exitValue() != 0) {
                throw new ImageBuildException(what + " failed with exit code " + p.exitValue() + "; end of log:\n" + tail(logFile));
            }
        } catch (IOException e) {
            throw new ImageBuildException(what + " could not run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageBuildException("interrupted during " + what, e);
        }
    }

    private static String tail(Path logFile) {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    static String hash(String recipe) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(recipe.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The node image could not be built; the message says why and what to do. */
    public static final class ImageBuildException extends RuntimeException {
        public ImageBuildException(String message) {
            super(message);
        }

        public ImageBuildException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
