package dev.faultline.harness.run;

import dev.faultline.checkers.history.Op;
import dev.faultline.harness.control.Node;
import dev.faultline.harness.spi.Client;
import dev.faultline.harness.spi.ClientFactory;
import dev.faultline.harness.spi.TestContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one client thread. Opens its client lazily; after an {@code info} (the process changes)
 * or an exception, closes it so the next op runs on a fresh client, as Jepsen does.
 */
final class ClientWorker implements Worker {
    private static final Logger log = LoggerFactory.getLogger(ClientWorker.class);

    private final TestContext ctx;
    private final ClientFactory factory;
    private final Node node;
    private Client client;

    ClientWorker(TestContext ctx, ClientFactory factory, Node node) {
        this.ctx = ctx;
        this.factory = factory;
        this.node = node;
    }

    @Override
    public Op invoke(Op invocation) {
        if (client == null) {
            try {
                client = factory.open(ctx, node);
            } catch (Exception e) {
                // Nothing was sent: the op certainly did not happen.
                return invocation.fail("no-client: " + describe(e));
            }
        }
        Op completion;
        try {
            completion = client.invoke(ctx, invocation);
        } catch (Throwable e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            closeClient();
            return invocation.info("exception: " + describe(e));
        }
        Op checked = Completions.check(invocation, completion);
        if (checked.isInfo()) closeClient();
        return checked;
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }

    private void closeClient() {
        if (client == null) return;
        try {
            client.close();
        } catch (Exception e) {
            log.debug("closing client for {} failed", node.name(), e);
        }
        client = null;
    }

    @Override
    public void close() {
        closeClient();
    }
}
