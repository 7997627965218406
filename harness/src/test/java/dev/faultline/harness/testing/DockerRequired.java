package dev.faultline.harness.testing;

import dev.faultline.harness.control.docker.DockerEngine;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/** Docker tests fail under CI=true when no engine answers, and are skipped (with the reason) elsewhere. */
public final class DockerRequired {
    private DockerRequired() {
    }

    public static void check() {
        String reason = DockerEngine.unavailableReason();
        if (reason.isEmpty()) return;
        if ("true".equals(System.getenv("CI"))) Assertions.fail("CI=true and " + reason);
        Assumptions.abort("skipping Docker test: " + reason);
    }
}
