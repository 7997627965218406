package dev.faultline.targetfile;

import dev.faultline.harness.control.ExecResult;
import dev.faultline.harness.control.Node;
import dev.faultline.harness.control.Shell;
import dev.faultline.targetfile.TargetDefinition.Readiness;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Waits until a started node passes its readiness check: a TCP connect and an HTTP GET from the
 * controller (where clients connect from), or a command on the node. Fails with the end of the
 * daemon's log when the deadline passes.
 */
final class ReadyWait {
    private static final Duration PROBE = Duration.ofSeconds(2);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(PROBE).build();

    private ReadyWait() {
    }

    static void await(Readiness ready, NodeVars vars, Node node, String logFile) throws InterruptedException {
        String target = ready.target().expand(vars);
        long deadline = System.nanoTime() + ready.timeout().toNanos();
        String last = "";
        while (true) {
            last = probe(ready, target, node);
            if (last.isEmpty()) return;
            if (System.nanoTime() > deadline) break;
            Thread.sleep(250);
        }
        String tail = node.remote().sh("tail -n 20 " + Shell.quote(node.remote().nodePath(logFile)) + " 2>/dev/null").stdout();
        throw new IllegalStateException(node.name() + ": not ready within " + ready.timeout().toSeconds() + " s ("
                + ready.kind().name().toLowerCase() + " " + target + ": " + last + "); end of " + logFile + ":\n" + tail);
    }

    /** Empty when ready, else why not. */
    static String probe(Readiness ready, String target, Node node) {
        switch (ready.kind()) {
            case PORT -> {
                int port;
                try {
                    port = Integer.parseInt(target.strip());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("daemon.ready.port expanded to `" + target + "`, not a port number");
                }
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(node.address(), port), (int) PROBE.toMillis());
                    return "";
                } catch (IOException e) {
                    return "connect " + node.address() + ":" + port + ": " + e.getMessage();
                }
            }
            case HTTP -> {
                try {
                    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(target)).timeout(PROBE).GET().build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() / 100 != 2) return "HTTP " + r.statusCode();
                    if (ready.body() != null && !r.body().contains(ready.body())) return "the answer does not contain `" + ready.body() + "`";
                    return "";
                } catch (IOException e) {
                    return e.getClass().getSimpleName() + ": " + e.getMessage();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return "interrupted";
                }
            }
            default -> {
                ExecResult r = node.remote().sh(target, PROBE.multipliedBy(5));
                return r.ok() ? "" : "exit " + r.exitCode() + " " + r.stderr().strip();
            }
        }
    }
}
