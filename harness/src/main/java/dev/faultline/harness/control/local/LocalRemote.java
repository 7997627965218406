package dev.faultline.harness.control.local;

import dev.faultline.harness.control.ExecResult;
import dev.faultline.harness.control.Remote;
import dev.faultline.harness.control.RemoteException;
import dev.faultline.harness.control.Shell;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A "node" that is a directory on this machine: commands run here with {@link ProcessBuilder}, as
 * the controller's user, with the sandbox as working directory. Absolute node paths are mapped
 * under the sandbox ({@link #nodePath}), so {@code /var/lib/faultline/clock} of node n2 is
 * {@code <sandbox>/var/lib/faultline/clock}. Thread-safe: each call starts its own process.
 *
 * <p>Output goes to temporary files rather than pipes, so a command that leaves a background
 * process holding its stdout open cannot make {@link #exec} hang.
 */
public final class LocalRemote implements Remote {
    /** Environment variables every command sees: the sandbox root and the node's name and address. */
    public static final String ENV_ROOT = "FAULTLINE_NODE_ROOT";
    public static final String ENV_NAME = "FAULTLINE_NODE";
    public static final String ENV_ADDRESS = "FAULTLINE_NODE_ADDRESS";

    private final String name;
    private final Path root;
    private final Map<String, String> env;

    public LocalRemote(String name, Path root, String address) {
        this.name = name;
        this.root = root.toAbsolutePath().normalize();
        this.env = Map.of(ENV_ROOT, this.root.toString(), ENV_NAME, name, ENV_ADDRESS, address);
        try {
            Files.createDirectories(this.root);
        } catch (IOException e) {
            throw new RemoteException("cannot create sandbox " + this.root + ": " + e.getMessage(), e);
        }
    }

    public Path root() {
        return root;
    }

    @Override
    public String nodePath(String path) {
        if (!path.startsWith("/")) return path;
        Path p = root.resolve(path.substring(1)).normalize();
        if (!p.startsWith(root)) throw new IllegalArgumentException("path escapes the sandbox: " + path);
        return p.toString();
    }

    @Override
    public ExecResult exec(List<String> argv, Duration timeout) {
        if (argv.isEmpty()) throw new IllegalArgumentException("empty command");
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("faultline-exec", ".out");
            err = Files.createTempFile("faultline-exec", ".err");
            ProcessBuilder pb = new ProcessBuilder(argv).directory(root.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new RemoteException(describe() + ": " + Shell.join(argv) + " timed out after " + timeout);
            }
            return new ExecResult(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new RemoteException(describe() + ": cannot run " + Shell.join(argv) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteException(describe() + ": interrupted while running " + Shell.join(argv), e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    @Override
    public void upload(Path local, String remotePath) {
        Path target = Path.of(nodePath(remotePath));
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), ".upload", ".tmp");
            Files.copy(local, tmp, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new RemoteException(describe() + ": upload " + local + " -> " + remotePath + " failed: " + e, e);
        }
    }

    @Override
    public void download(String remotePath, Path local) {
        Path source = Path.of(nodePath(remotePath));
        if (!Files.isRegularFile(source)) throw new RemoteException(describe() + ": no such file " + remotePath);
        try {
            Path parent = local.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Files.copy(source, local, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new RemoteException(describe() + ": download " + remotePath + " failed: " + e, e);
        }
    }

    @Override
    public String describe() {
        return "local:" + name + "@" + root;
    }

    @Override
    public void close() {
        // nothing held open
    }

    private static void deleteQuietly(Path p) {
        if (p == null) return;
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // temp file
        }
    }
}
