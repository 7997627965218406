package dev.faultline.harness.control;

/** An action failed on some nodes; the message names each and why ({@link NodeResults#orThrow}). */
public class NodesFailedException extends RuntimeException {
    public NodesFailedException(String message) {
        super(message);
    }
}
