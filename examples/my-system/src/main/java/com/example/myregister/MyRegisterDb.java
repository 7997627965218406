package com.example.myregister;

import dev.faultline.harness.control.Daemon;
import dev.faultline.harness.control.Node;
import dev.faultline.harness.spi.TestContext;
import dev.faultline.targets.jvm.JvmBundle;
import dev.faultline.targets.jvm.JvmServerDb;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Installs and runs {@link RegisterServer} on each node; the first node is the primary.
 * {@link JvmServerDb} does the rest: the process is a {@link Daemon} with a pidfile (so the kill and
 * pause faults work) and setup waits until {@code GET /status} answers.
 */
final class MyRegisterDb extends JvmServerDb {
    static final int PORT = 8640;
    static final String DATA_DIR = "/var/lib/my-register";
    static final String LOG_FILE = "/var/log/my-register.log";

    private final JvmBundle bundle;
    private final boolean staleReads;

    MyRegisterDb(JvmBundle bundle, boolean staleReads) {
        super(Duration.ofSeconds(30));
        this.bundle = bundle;
        this.staleReads = staleReads;
    }

    private Daemon server(TestContext ctx, Node node) {
        return daemon(node, "my-register", bundle, List.of("-Xmx64m"), LOG_FILE, () -> {
            List<String> args = new ArrayList<>(List.of(
                    "--listen", node.address() + ":" + PORT,
                    "--primary", ctx.cluster().nodes().get(0).address() + ":" + PORT,
                    "--data", node.remote().nodePath(DATA_DIR)));
            if (staleReads) args.add("--stale-reads");
            return args;
        });
    }

    @Override
    protected List<Daemon> faultable(TestContext ctx, Node node) {
        return List.of(server(ctx, node));
    }

    @Override
    public void setup(TestContext ctx, Node node) throws Exception {
        server(ctx, node).stop();   // whatever an earlier run left behind
        remove(node, DATA_DIR);
        bundle.install(node.remote());
        server(ctx, node).start();
        awaitStatus(node, PORT, LOG_FILE);
    }

    @Override
    public void teardown(TestContext ctx, Node node) {
        server(ctx, node).stop(Duration.ofSeconds(5));
        remove(node, DATA_DIR);
    }

    @Override
    public List<String> logFiles(TestContext ctx, Node node) {
        return List.of(LOG_FILE);
    }
}
