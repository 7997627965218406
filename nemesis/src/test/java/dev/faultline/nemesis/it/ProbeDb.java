package dev.faultline.nemesis.it;

import dev.faultline.harness.control.Daemon;
import dev.faultline.harness.control.Node;
import dev.faultline.harness.spi.Db;
import dev.faultline.harness.spi.Killable;
import dev.faultline.harness.spi.Pausable;
import dev.faultline.harness.spi.TestContext;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Runs {@link Probe} on each node with the harness's Daemon (under libfaketime), like a real target. */
final class ProbeDb implements Db, Killable, Pausable {
    static final String CLASS_DIR = "/opt/faultline/probe";

    static Daemon daemon(Node node) {
        return new Daemon(node.remote(), Daemon.Spec.of("probe",
                List.of("java", "-Xmx48m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", CLASS_DIR, Probe.class.getName())));
    }

    @Override
    public void setup(TestContext ctx, Node node) throws Exception {
        node.remote().upload(probeClass(), CLASS_DIR + "/" + Probe.class.getName().replace('.', '/') + ".class");
        daemon(node).startFresh(); // like every target: never adopt a probe an earlier run left
        awaitLog(node);
    }

    @Override
    public void teardown(TestContext ctx, Node node) {
        daemon(node).stop();
    }

    @Override
    public void start(TestContext ctx, Node node) {
        daemon(node).start();
    }

    @Override
    public void kill(TestContext ctx, Node node) {
        Daemon d = daemon(node);
        if (!d.isRunning()) throw new IllegalStateException("probe is not running on " + node.name());
        d.kill();
    }

    @Override
    public void pause(TestContext ctx, Node node) {
        requireRunning(node, "STOP");
    }

    @Override
    public void resume(TestContext ctx, Node node) {
        daemon(node).resume();
    }

    @Override
    public List<String> logFiles(TestContext ctx, Node node) {
        return List.of(daemon(node).logFile());
    }

    private static void requireRunning(Node node, String signal) {
        if (!daemon(node).signal(signal)) throw new IllegalStateException("probe is not running on " + node.name());
    }

    private static void awaitLog(Node node) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (node.remote().sh("grep -q '^clock ' " + daemon(node).logFile()).ok()) return;
            Thread.sleep(200);
        }
        throw new IllegalStateException("probe on " + node.name() + " printed nothing within 60 s");
    }

    private static Path probeClass() throws URISyntaxException {
        return Path.of(Probe.class.getResource(Probe.class.getSimpleName() + ".class").toURI());
    }
}
