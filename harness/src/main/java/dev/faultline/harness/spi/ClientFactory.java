package dev.faultline.harness.spi;

import dev.faultline.harness.control.Node;

/** Opens clients bound to a node. */
@FunctionalInterface
public interface ClientFactory {
    Client open(TestContext ctx, Node node) throws Exception;
}
