package dev.faultline.harness.provision;

import com.github.dockerjava.api.DockerClient;
import dev.faultline.harness.control.docker.DockerEngine;
import dev.faultline.harness.testing.DockerRequired;
import dev.faultline.harness.testing.ProvisionAndWait;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A controller stopped with SIGTERM removes its containers and network from the shutdown hook. */
@Tag("docker")
class ShutdownHookCleanupTest {
    @Test
    void sigtermRemovesTheRunsResources() throws Exception {
        DockerRequired.check();
        DockerClient docker = DockerEngine.client();
        NodeImage.debootstrap().ensure();
        String run = "hook-" + Long.toHexString(new Random().nextLong() & 0xffffffL);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ProvisionAndWait.class.getName(), run)
                .redirectErrorStream(true).start();
        String filter = RunIdentity.LABEL_RUN + "=" + run;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
            String line;
            boolean up = false;
            while (!up && (line = out.readLine()) != null) up = line.equals("UP");
            assertThat(up).as("child provisioned its node").isTrue();
            assertThat(docker.listContainersCmd().withLabelFilter(List.of(filter)).exec()).hasSize(1);
            child.destroy(); // SIGTERM
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            // Checked before any cleanup of our own, so only the child's hook can make these pass.
            assertThat(docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(filter)).exec()).isEmpty();
            assertThat(docker.listNetworksCmd().exec())
                    .noneMatch(n -> n.getLabels() != null && run.equals(n.getLabels().get(RunIdentity.LABEL_RUN)));
        } finally {
            child.destroyForcibly();
            Leftovers.removeRun(docker, run);
        }
    }
}
