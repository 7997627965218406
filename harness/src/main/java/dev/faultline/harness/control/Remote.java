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
     * <p>The command never outlives its timeout on the node: when the timeout passes, the command
     * and the processes it started in its process group are killed there (SIGKILL) and this throws.
     * A caller that gives up first (its thread is interrupted) kills the command the same way before
     * this returns; an interrupted thread starts no command. So when this returns or throws, the
     * command can no longer act, unless the node stopped answering (then the node still kills it at
     * its timeout). Processes that leave the group on purpose ({@code setsid}) are not affected.
     *
     * @throws RemoteException if the node cannot be reached, the timeout passes or the thread is
     *     interrupted (a non-zero exit code is not an exception: inspect {@link ExecResult#exitCode()})
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
