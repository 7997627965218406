package dev.faultline.nemesis;

/** A fault could not be applied or undone on some node. */
public class FaultException extends RuntimeException {
    public FaultException(String message) {
        super(message);
    }

    public FaultException(String message, Throwable cause) {
        super(message, cause);
    }
}
