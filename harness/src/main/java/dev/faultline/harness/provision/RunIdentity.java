package dev.faultline.harness.provision;

import dev.faultline.harness.control.ProcessMarker;

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
 * Who owns the Docker resources and node processes of a run: a run id, the controller's pid with its start time (so a
 * reused pid is not mistaken for the controller), and the machine's boot id (pids mean nothing
 * across reboots or machines). Written as labels on everything a run creates, read back by
 * {@link Leftovers}; and as {@link ProcessMarker} environment variables on every node process,
 * read back by {@link MarkedProcesses}.
 */
public record RunIdentity(String runId, long pid, long pidStartMillis, String bootId) {
    public static final String LABEL_RUN = "faultline.run";
    public static final String LABEL_PID = "faultline.pid";
    public static final String LABEL_PID_START = "faultline.pidstart";
    public static final String LABEL_HOST = "faultline.host";
    public static final String LABEL_OWNER = "faultline.owner";
    /** "true" on resources of a run started with --leave-db-running: the leftover cleanup never removes them. */
    public static final String LABEL_KEEP = "faultline.keep";

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

    /** {@code <boot id>/<pid>/<pid start>}: the value of {@link ProcessMarker#ENV_CONTROLLER}. */
    public String controller() {
        return bootId + "/" + pid + "/" + pidStartMillis;
    }

    /** The contents of a node's {@link ProcessMarker#FILE}: this identity as {@code KEY=value} lines. */
    public String markerFile() {
        return ProcessMarker.ENV_RUN + "=" + runId + "\n" + ProcessMarker.ENV_CONTROLLER + "=" + controller() + "\n";
    }

    /** The identity that {@link #markerFile} or a marked process's environment names; empty if incomplete or malformed. */
    public static Optional<RunIdentity> fromMarker(Map<String, String> vars) {
        String run = vars.get(ProcessMarker.ENV_RUN);
        String controller = vars.get(ProcessMarker.ENV_CONTROLLER);
        if (run == null || controller == null) return Optional.empty();
        String[] parts = controller.split("/");
        if (parts.length != 3) return Optional.empty();
        try {
            return Optional.of(new RunIdentity(run, Long.parseLong(parts[1]), Long.parseLong(parts[2]), parts[0]));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
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
