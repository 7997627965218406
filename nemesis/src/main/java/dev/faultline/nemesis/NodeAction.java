package dev.faultline.nemesis;

import dev.faultline.harness.control.Node;

/** Something a fault does on one node; its result is recorded under the node's name. */
@FunctionalInterface
public interface NodeAction<T> {
    T apply(Node node) throws Exception;
}
