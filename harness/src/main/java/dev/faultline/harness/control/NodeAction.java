package dev.faultline.harness.control;


/** Something done on one node (a fault, a lifecycle step); its result is recorded under the node's name. */
@FunctionalInterface
public interface NodeAction<T> {
    T apply(Node node) throws Exception;
}
