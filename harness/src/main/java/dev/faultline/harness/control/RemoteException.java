package dev.faultline.harness.control;

/** A node could not be reached or a command on it failed. */
public class RemoteException extends RuntimeException {
    public RemoteException(String message) {
        super(message);
    }

    public RemoteException(String message, Throwable cause) {
        super(message, cause);
    }
}
