package dev.faultline.harness.spi;

import dev.faultline.harness.control.Node;

/** A {@link Db} whose process can be frozen and thawed (the {@code pause} fault). */
public interface Pausable {
    /** SIGSTOP. */
    void pause(TestContext ctx, Node node) throws Exception;

    /** SIGCONT; harmless where the process is not paused. */
    void resume(TestContext ctx, Node node) throws Exception;
}
