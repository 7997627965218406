package dev.faultline.harness.provision;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Who owns the Docker resources of a run: a run id, the controller's pid with its start time (so a
 * reused pid is not mistaken for the controller), and the machine's boot id (pids mean nothing
 * across reboots or machines). Written as labels on everything a run creates, read back by
 * {@link Leftovers}.
 */
public record RunIdentity(String runId, long pid, long pidStartMillis, String bootId) {
    public static final String LABEL_RUN = "faultline.run";
    public static final String LABEL_PID = "faultline.pid";
    public static final String LABEL_PID_START = "faultline.pidstart";
    public static final String LABEL_HOST = "faultline.host";
    public static final String LABEL_OWNER = "faultline.owner";

    public RunIdentity {
        if (!runId.matches("[a-z0-9][a-z0-9-]{0,40}")) {
            throw new IllegalArgumentException("run id must be lower-case letters, digits and dashes: " + runId);
        }
    }

    /** A fresh identity for this JVM with a random run id. */
    public static RunIdentity forThisProcess() {
        byte[] b = new byte[4];
        new SecureRandom().nextBytes(b);
        return forThisProcess(HexFormat.of().formatHex(b));
    }

    public static RunIdentity forThisProcess(String runId) {
        ProcessHandle self = ProcessHandle.current();
        return new RunIdentity(runId, self.pid(), startMillis(self).orElse(0L), currentBootId());
    }

    public Map<String, String> labels() {
        Map<String, String> l = new LinkedHashMap<>();
        l.put(LABEL_RUN, runId);
        l.put(LABEL_OWNER, "faultline-" + runId);
        l.put(LABEL_PID, Long.toString(pid));
        l.put(LABEL_PID_START, Long.toString(pidStartMillis));
        l.put(LABEL_HOST, bootId);
        return l;
    }

    static Optional<Long> startMillis(ProcessHandle p) {
        return p.info().startInstant().map(Instant::toEpochMilli);
    }

    /** The kernel's boot id, or "unknown" where there is none (not Linux). */
    public static String currentBootId() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
