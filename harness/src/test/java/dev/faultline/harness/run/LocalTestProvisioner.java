package dev.faultline.harness.run;

import dev.faultline.harness.control.Cluster;
import dev.faultline.harness.control.ExecResult;
import dev.faultline.harness.control.Node;
import dev.faultline.harness.control.Provisioner;
import dev.faultline.harness.control.Remote;
import dev.faultline.harness.control.RemoteException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Nodes that are directories on this machine: commands run as local processes inside the node's
 * directory, files are copied. Enough for the in-process targets of the runner tests.
 */
final class LocalTestProvisioner implements Provisioner {
    private final Path root;
    final AtomicBoolean closed = new AtomicBoolean();
    int provisioned;

    LocalTestProvisioner(Path root) {
        this.root = root;
    }

    @Override
    public Cluster provision(int nodeCount) {
        provisioned++;
        List<Node> nodes = new ArrayList<>();
        for (int i = 1; i <= nodeCount; i++) {
            Path dir = root.resolve("n" + i);
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new RemoteException("cannot create " + dir, e);
            }
            nodes.add(new Node("n" + i, "127.0.0.1", new DirRemote(dir)));
        }
        return new Cluster(nodes);
    }

    @Override
    public void close() {
        closed.set(true);
    }

    record DirRemote(Path dir) implements Remote {
        @Override
        public ExecResult exec(List<String> argv, Duration timeout) {
            try {
                Process p = new ProcessBuilder(argv).directory(dir.toFile()).start();
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    throw new RemoteException(describe() + ": " + argv + " timed out");
                }
                return new ExecResult(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                        new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new RemoteException(describe() + ": cannot run " + argv, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RemoteException(describe() + ": interrupted", e);
            }
        }

        @Override
        public void upload(Path local, String remotePath) {
            copy(local, dir.resolve(remotePath.replaceFirst("^/", "")));
        }

        @Override
        public void download(String remotePath, Path local) {
            copy(dir.resolve(remotePath.replaceFirst("^/", "")), local);
        }

        private void copy(Path from, Path to) {
            try {
                Files.createDirectories(to.toAbsolutePath().getParent());
                Files.copy(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new RemoteException(describe() + ": cannot copy " + from + " to " + to, e);
            }
        }

        @Override
        public String describe() {
            return "dir:" + dir;
        }

        @Override
        public void close() {
        }
    }
}
