package dev.faultline.harness.control;

/** The outcome of a command run on a node. */
public record ExecResult(int exitCode, String stdout, String stderr) {
    public boolean ok() {
        return exitCode == 0;
    }

    /** Returns this result if the command succeeded, else throws naming what was attempted. */
    public ExecResult orThrow(String what) {
        if (!ok()) {
            throw new RemoteException(what + " failed with exit code " + exitCode
                    + (stderr.isBlank() ? "" : ": " + stderr.strip()));
        }
        return this;
    }
}
