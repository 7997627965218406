package dev.faultline.harness.control.local;

import dev.faultline.harness.control.BoundedCommand;
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
 * <p>Commands run under {@code timeout -s KILL} in a process group of their own ({@link BoundedCommand}),
 * killed as a whole when the timeout passes or the caller is interrupted.
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
        if (Thread.currentThread().isInterrupted()) throw new RemoteException(describe() + ": interrupted before running " + Shell.join(argv));
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("faultline-exec", ".out");
            err = Files.createTempFile("faultline-exec", ".err");
            BoundedCommand cmd = BoundedCommand.of(argv, timeout);
            ProcessBuilder pb = new ProcessBuilder(cmd.wrapped()).directory(root.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().putAll(env);
            long t0 = System.nanoTime();
            Process p = pb.start();
            boolean ended;
            try {
                ended = p.waitFor(cmd.callerWait().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                kill(p);
                throw e;
            }
            if (!ended) kill(p);
            if (!ended || cmd.killedByTimeout(p.exitValue(), Duration.ofNanos(System.nanoTime() - t0))) {
                throw new RemoteException(describe() + ": " + Shell.join(argv) + " timed out after " + timeout + " (killed)");
            }
            return new ExecResult(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new RemoteException(describe() + ": cannot run " + Shell.join(argv) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteException(describe() + ": interrupted while running " + Shell.join(argv) + " (killed)", e);
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

    /**
     * SIGKILLs the command's process group ({@code timeout} leads it) and waits (bounded) until the
     * leader is gone, so the command cannot act after exec returns.
     */
    private static void kill(Process p) {
        if (p.isAlive()) {
            try {
                new ProcessBuilder("sh", "-c", "kill -s KILL -- -" + p.pid()).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(5, TimeUnit.SECONDS);
            } catch (IOException | InterruptedException e) {
                if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            }
        }
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.onExit().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
        }
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
