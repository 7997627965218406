package dev.faultline.harness.control;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A control channel to one node: docker exec, SSH, or local processes. Implementations are
 * thread-safe; commands run as root (or the node's configured user) on the node.
 */
public interface Remote extends AutoCloseable {
    Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    /**
     * Runs a command and waits for it.
     *
     * @throws RemoteException if the node cannot be reached or the timeout passes (a non-zero
     *     exit code is not an exception: inspect {@link ExecResult#exitCode()})
     */
    ExecResult exec(List<String> argv, Duration timeout);

    /** Runs a POSIX shell script with {@code sh -c}. */
    default ExecResult sh(String script, Duration timeout) {
        return exec(List.of("sh", "-c", script), timeout);
    }

    default ExecResult sh(String script) {
        return sh(script, DEFAULT_TIMEOUT);
    }

    /** Copies a local file to {@code remotePath} (a file path; parent directories are created). */
    void upload(Path local, String remotePath);

    /** Copies the remote file {@code remotePath} to the local file {@code local}. */
    void download(String remotePath, Path local);

    /**
     * Where the absolute node path {@code path} lives for commands run through this remote. The
     * identity on real nodes (containers, SSH hosts); local process sandboxes map it under their
     * own directory so that nodes sharing one machine do not share files. {@link #upload} and
     * {@link #download} apply it themselves; scripts passed to {@link #exec} must use it.
     */
    default String nodePath(String path) {
        return path;
    }

    /** Human description for logs and errors, e.g. "docker:faultline-n1" or "ssh:root@10.0.0.5:22". */
    String describe();

    @Override
    void close();
}
