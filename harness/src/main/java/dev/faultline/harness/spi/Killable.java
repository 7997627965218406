package dev.faultline.harness.spi;

import dev.faultline.harness.control.Node;

/** A {@link Db} whose process can be killed and started again on its data (the {@code kill} fault). */
public interface Killable {
    /** SIGKILL: no clean shutdown. */
    void kill(TestContext ctx, Node node) throws Exception;

    /** Starts the target again after a kill, data intact; a no-op where it runs. */
    void start(TestContext ctx, Node node) throws Exception;
}
