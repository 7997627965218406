package dev.faultline.harness.control.ssh;

import dev.faultline.harness.control.BoundedCommand;
import dev.faultline.harness.control.ExecResult;
import dev.faultline.harness.control.Remote;
import dev.faultline.harness.control.RemoteException;
import dev.faultline.harness.control.Shell;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Signal;
import net.schmizz.sshj.connection.ConnectionException;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.sftp.SFTPClient;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;
import net.schmizz.sshj.xfer.FileSystemFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Controls one host over SSH (sshj): key login, host keys checked against an OpenSSH known_hosts
 * file, commands on session channels, files over SFTP. One connection per remote, opened on first
 * use and reopened after it drops; channels are multiplexed, so concurrent calls are fine.
 *
 * <p>Commands never outlive their timeout on the host ({@link BoundedCommand}): each runs under
 * {@code timeout -s KILL}, and a caller that gives up first (interrupted, or no end reported) kills
 * the command's process group through a second session before it returns.
 */
public final class SshRemote implements Remote {
    private static final Logger log = LoggerFactory.getLogger(SshRemote.class);
    private static final ExecutorService PUMPS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "ssh-output");
        t.setDaemon(true);
        return t;
    });

    private final SshEndpoint endpoint;
    private SSHClient client; // guarded by this
    private boolean closed;   // guarded by this

    public SshRemote(SshEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    public SshEndpoint endpoint() {
        return endpoint;
    }

    /** Opens the connection now, so that a bad key or host key fails early and by name. */
    public SshRemote connect() {
        client();
        return this;
    }

    private synchronized SSHClient client() {
        if (closed) throw new RemoteException(describe() + ": closed");
        if (client != null && client.isConnected() && client.isAuthenticated()) return client;
        closeQuietly(client);
        client = null;
        SSHClient c = new SSHClient(new DefaultConfig());
        try {
            c.addHostKeyVerifier(verifier());
            c.setConnectTimeout((int) endpoint.connectTimeout().toMillis());
            c.connect(endpoint.host(), endpoint.port());
            c.getConnection().getKeepAlive().setKeepAliveInterval(10);
            c.authPublickey(endpoint.user(), c.loadKeys(endpoint.privateKey().toString()));
        } catch (IOException e) {
            closeQuietly(c);
            throw new RemoteException(describe() + ": cannot connect: " + e.getMessage(), e);
        }
        client = c;
        return c;
    }

    private OpenSSHKnownHosts verifier() throws IOException {
        File file = endpoint.knownHosts().toFile();
        if (!file.isFile() && !endpoint.acceptUnknownHosts()) {
            throw new IOException("known_hosts file " + file + " does not exist (add the host's key, or accept unknown hosts explicitly)");
        }
        return new OpenSSHKnownHosts(file) {
            @Override
            protected boolean hostKeyUnverifiableAction(String hostname, PublicKey key) {
                if (!endpoint.acceptUnknownHosts()) {
                    log.error("{}: host key of {} is not in {}; refusing to connect", describe(), hostname, file);
                    return false;
                }
                log.warn("{}: host {} is not in {}; accepting its {} key because unknown hosts are accepted",
                        describe(), hostname, file, key.getAlgorithm());
                return true;
            }
        };
    }

    @Override
    public ExecResult exec(List<String> argv, Duration timeout) {
        BoundedCommand bounded = BoundedCommand.of(argv, timeout);
        if (Thread.currentThread().isInterrupted()) {
            throw new RemoteException(describe() + ": interrupted before running " + Shell.join(argv));
        }
        long t0 = System.nanoTime();
        // Kill before the session closes: closing waits for the server, which waits for the command.
        try (Session session = client().startSession()) {
            Session.Command cmd = session.exec(Shell.join(bounded.wrapped()));
            try {
                CompletableFuture<byte[]> out = pump(cmd.getInputStream());
                CompletableFuture<byte[]> err = pump(cmd.getErrorStream());
                long deadline = System.nanoTime() + bounded.callerWait().toNanos();
                byte[] stdout = out.get(remaining(deadline), TimeUnit.NANOSECONDS);
                byte[] stderr = err.get(remaining(deadline), TimeUnit.NANOSECONDS);
                cmd.join(Math.max(1, remaining(deadline)), TimeUnit.NANOSECONDS);
                int code = exitCode(cmd);
                if (bounded.killedByTimeout(code, Duration.ofNanos(System.nanoTime() - t0))) {
                    throw new RemoteException(describe() + ": " + Shell.join(argv) + " timed out after " + timeout + " (killed on the host)");
                }
                return new ExecResult(code, new String(stdout, StandardCharsets.UTF_8), new String(stderr, StandardCharsets.UTF_8));
            } catch (TimeoutException e) {
                killOnHost(bounded);
                throw new RemoteException(describe() + ": " + Shell.join(argv) + " timed out after " + timeout
                        + " and the host did not report its end; killed it on the host");
            } catch (InterruptedException e) {
                killOnHost(bounded);
                Thread.currentThread().interrupt();
                throw new RemoteException(describe() + ": interrupted while running " + Shell.join(argv) + " (killed it on the host)", e);
            } catch (IOException | ExecutionException | RuntimeException e) {
                if (!(e instanceof RemoteException)) killOnHost(bounded);
                throw e;
            }
        } catch (ConnectionException e) {
            if (e.getCause() instanceof TimeoutException || String.valueOf(e.getMessage()).contains("Timeout")) {
                throw new RemoteException(describe() + ": " + Shell.join(argv) + " timed out after " + timeout, e);
            }
            throw new RemoteException(describe() + ": " + Shell.join(argv) + " failed: " + e.getMessage(), e);
        } catch (IOException | ExecutionException e) {
            throw new RemoteException(describe() + ": " + Shell.join(argv) + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Kills an abandoned command's process group on the host through a second, bounded session, so
     * that the caller never returns while the command may still act. Runs even on an interrupted thread.
     */
    private void killOnHost(BoundedCommand bounded) {
        boolean interrupted = Thread.interrupted();
        try (Session session = client().startSession()) {
            Session.Command kill = session.exec(Shell.join(List.of("sh", "-c", bounded.killScript())));
            kill.join(BoundedCommand.KILL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (IOException | RuntimeException e) {
            log.warn("{}: could not kill an abandoned command ({}); it dies at its own timeout", describe(), e.toString());
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    private static CompletableFuture<byte[]> pump(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                in.transferTo(buf);
                return buf.toByteArray();
            } catch (IOException e) {
                throw new RemoteException("reading command output: " + e.getMessage(), e);
            }
        }, PUMPS);
    }

    private static int exitCode(Session.Command cmd) {
        Integer status = cmd.getExitStatus();
        if (status != null) return status;
        Signal signal = cmd.getExitSignal();
        return signal == null ? -1 : 128 + signalNumber(signal);
    }

    private static int signalNumber(Signal s) {
        return switch (s) {
            case HUP -> 1;
            case INT -> 2;
            case QUIT -> 3;
            case ILL -> 4;
            case ABRT -> 6;
            case FPE -> 8;
            case KILL -> 9;
            case USR1 -> 10;
            case SEGV -> 11;
            case USR2 -> 12;
            case PIPE -> 13;
            case ALRM -> 14;
            case TERM -> 15;
            default -> 0;
        };
    }

    @Override
    public void upload(Path local, String remotePath) {
        if (!Files.isRegularFile(local)) throw new RemoteException("upload: no such local file " + local);
        int slash = remotePath.lastIndexOf('/');
        try (SFTPClient sftp = client().newSFTPClient()) {
            if (slash > 0) sftp.mkdirs(remotePath.substring(0, slash));
            sftp.put(new FileSystemFile(local.toFile()), remotePath);
        } catch (IOException e) {
            throw new RemoteException(describe() + ": upload " + local + " -> " + remotePath + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void download(String remotePath, Path local) {
        try (SFTPClient sftp = client().newSFTPClient()) {
            Path parent = local.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            sftp.get(remotePath, new FileSystemFile(local.toFile()));
        } catch (IOException e) {
            throw new RemoteException(describe() + ": download " + remotePath + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return "ssh:" + endpoint;
    }

    @Override
    public synchronized void close() {
        closed = true;
        closeQuietly(client);
        client = null;
    }

    private static void closeQuietly(SSHClient c) {
        if (c == null) return;
        try {
            c.disconnect();
        } catch (IOException | RuntimeException ignored) {
            // already gone
        }
    }
}
