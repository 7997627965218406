package dev.faultline.harness.control.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectExecResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import dev.faultline.harness.control.BoundedCommand;
import dev.faultline.harness.control.ExecResult;
import dev.faultline.harness.control.Remote;
import dev.faultline.harness.control.RemoteException;
import dev.faultline.harness.control.Shell;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Controls one container through the Docker engine API: {@code docker exec} for commands and the
 * archive endpoints for files. Stateless apart from the shared client, hence thread-safe.
 *
 * <p>Commands never outlive their timeout on the node ({@link BoundedCommand}): each runs under
 * {@code timeout -s KILL}, and a caller that gives up first (interrupted, or no end reported) kills
 * the command's process group with a second exec before it returns, because the engine API has no
 * way to kill an exec.
 */
public final class DockerRemote implements Remote {
    private static final Logger log = LoggerFactory.getLogger(DockerRemote.class);
    private static final long EXIT_CODE_WAIT_MS = 5_000;

    private final DockerClient docker;
    private final String container;

    public DockerRemote(DockerClient docker, String container) {
        this.docker = docker;
        this.container = container;
    }

    public DockerRemote(String container) {
        this(DockerEngine.client(), container);
    }

    public String container() {
        return container;
    }

    @Override
    public ExecResult exec(List<String> argv, Duration timeout) {
        BoundedCommand cmd = BoundedCommand.of(argv, timeout);
        if (Thread.currentThread().isInterrupted()) {
            throw new RemoteException(describe() + ": interrupted before running " + Shell.join(argv));
        }
        long t0 = System.nanoTime();
        Collector out = new Collector();
        String execId = start(cmd.wrapped(), argv, out);
        try (out) {
            boolean ended;
            try {
                ended = out.awaitCompletion(cmd.callerWait().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                killOnNode(cmd);
                Thread.currentThread().interrupt();
                throw new RemoteException(describe() + ": interrupted while running " + Shell.join(argv) + " (killed it on the node)", e);
            }
            if (!ended) {
                killOnNode(cmd);
                throw new RemoteException(describe() + ": " + Shell.join(argv) + " timed out after " + timeout
                        + " and the node did not report its end; killed it on the node");
            }
        } catch (IOException e) {
            throw new RemoteException(describe() + ": " + e.getMessage(), e);
        } catch (RemoteException e) {
            throw e;
        } catch (RuntimeException e) { // the stream's first error, rethrown by awaitCompletion
            killOnNode(cmd);
            throw new RemoteException(describe() + ": exec stream of " + Shell.join(argv) + " failed: " + e.getMessage(), e);
        }
        if (out.error != null) {
            killOnNode(cmd);
            throw new RemoteException(describe() + ": exec stream failed: " + out.error.getMessage(), out.error);
        }
        int code = exitCode(execId, argv);
        if (cmd.killedByTimeout(code, Duration.ofNanos(System.nanoTime() - t0))) {
            throw new RemoteException(describe() + ": " + Shell.join(argv) + " timed out after " + timeout + " (killed on the node)");
        }
        return new ExecResult(code, out.stdout(), out.stderr());
    }

    private String start(List<String> cmd, List<String> argv, Collector out) {
        try {
            String execId = docker.execCreateCmd(container).withCmd(cmd.toArray(String[]::new))
                    .withAttachStdout(true).withAttachStderr(true).exec().getId();
            docker.execStartCmd(execId).exec(out);
            return execId;
        } catch (NotFoundException e) {
            throw new RemoteException(describe() + ": container not found", e);
        } catch (DockerException e) {
            throw new RemoteException(describe() + ": cannot exec " + Shell.join(argv) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Kills an abandoned command's process group on the node with a second, bounded exec, so that
     * the caller never returns while the command may still act. Runs even on an interrupted thread.
     */
    private void killOnNode(BoundedCommand cmd) {
        boolean interrupted = Thread.interrupted();
        try (Collector out = new Collector()) {
            start(List.of("sh", "-c", cmd.killScript()), List.of("kill", "abandoned command"), out);
            if (!out.awaitCompletion(BoundedCommand.KILL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("{}: killing an abandoned command did not finish within {}", describe(), BoundedCommand.KILL_TIMEOUT);
            }
        } catch (InterruptedException e) {
            interrupted = true;
        } catch (IOException | RuntimeException e) {
            log.warn("{}: could not kill an abandoned command ({}); it dies at its own timeout", describe(), e.toString());
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    /** The stream may end a moment before the engine records the exit code. */
    private int exitCode(String execId, List<String> argv) {
        long deadline = System.currentTimeMillis() + EXIT_CODE_WAIT_MS;
        while (true) {
            InspectExecResponse r = docker.inspectExecCmd(execId).exec();
            if (!Boolean.TRUE.equals(r.isRunning()) && r.getExitCodeLong() != null) {
                return r.getExitCodeLong().intValue();
            }
            if (System.currentTimeMillis() > deadline) {
                throw new RemoteException(describe() + ": no exit code for " + Shell.join(argv));
            }
            sleep(20);
        }
    }

    @Override
    public void upload(Path local, String remotePath) {
        if (!Files.isRegularFile(local)) throw new RemoteException("upload: no such local file " + local);
        String dir = parent(remotePath);
        String name = remotePath.substring(remotePath.lastIndexOf('/') + 1);
        // The archive endpoint answers 404 when the target directory does not exist yet.
        exec(List.of("mkdir", "-p", dir), DEFAULT_TIMEOUT).orThrow(describe() + ": mkdir -p " + dir);
        Path tar = null;
        try {
            tar = Files.createTempFile("faultline-upload", ".tar");
            try (OutputStream fo = Files.newOutputStream(tar); TarArchiveOutputStream to = new TarArchiveOutputStream(fo)) {
                to.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                to.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                TarArchiveEntry e = new TarArchiveEntry(name);
                e.setSize(Files.size(local));
                e.setMode(Files.isExecutable(local) ? 0755 : 0644);
                e.setModTime(Files.getLastModifiedTime(local).toMillis());
                to.putArchiveEntry(e);
                Files.copy(local, to);
                to.closeArchiveEntry();
            }
            try (InputStream in = Files.newInputStream(tar)) {
                docker.copyArchiveToContainerCmd(container).withTarInputStream(in).withRemotePath(dir).exec();
            }
        } catch (IOException | DockerException e) {
            throw new RemoteException(describe() + ": upload " + local + " -> " + remotePath + " failed: " + e.getMessage(), e);
        } finally {
            deleteQuietly(tar);
        }
    }

    @Override
    public void download(String remotePath, Path local) {
        Path tmp = null;
        try (InputStream in = docker.copyArchiveFromContainerCmd(container, remotePath).exec();
             TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry e = tar.getNextEntry();
            if (e == null || !e.isFile()) {
                throw new RemoteException(describe() + ": " + remotePath + " is not a regular file");
            }
            Path dir = local.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, ".download", ".tmp");
            Files.copy(tar, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, local, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
        } catch (NotFoundException e) {
            throw new RemoteException(describe() + ": no such file " + remotePath, e);
        } catch (IOException | DockerException e) {
            throw new RemoteException(describe() + ": download " + remotePath + " failed: " + e.getMessage(), e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    @Override
    public String describe() {
        return "docker:" + container;
    }

    @Override
    public void close() {
        // The client is shared by every remote of this JVM.
    }

    static String parent(String remotePath) {
        if (!remotePath.startsWith("/") || remotePath.endsWith("/")) {
            throw new IllegalArgumentException("remote path must be an absolute file path: " + remotePath);
        }
        int slash = remotePath.lastIndexOf('/');
        return slash == 0 ? "/" : remotePath.substring(0, slash);
    }

    private static void deleteQuietly(Path p) {
        if (p == null) return;
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a temp file; nothing depends on it
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteException("interrupted", e);
        }
    }

    /** Collects the multiplexed output of one exec. */
    private static final class Collector extends ResultCallback.Adapter<Frame> {
        private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        private volatile Throwable error;

        @Override
        public void onNext(Frame frame) {
            byte[] payload = frame.getPayload();
            if (payload == null) return;
            synchronized (this) {
                switch (frame.getStreamType()) {
                    case STDERR -> stderr.writeBytes(payload);
                    default -> stdout.writeBytes(payload);
                }
            }
        }

        @Override
        public void onError(Throwable throwable) {
            error = throwable;
            super.onError(throwable);
        }

        synchronized String stdout() {
            return stdout.toString(StandardCharsets.UTF_8);
        }

        synchronized String stderr() {
            return stderr.toString(StandardCharsets.UTF_8);
        }
    }
}
