package dev.faultline.harness.provision;

import com.github.dockerjava.api.DockerClient;
import dev.faultline.harness.control.docker.DockerEngine;
import dev.faultline.harness.testing.DockerRequired;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Leftovers removes a dead run's containers and network, and leaves a live run's alone. */
@Tag("docker")
class LeftoversTest {
    @Test
    void removesDeadRunsOnly() throws Exception {
        DockerRequired.check();
        DockerClient docker = DockerEngine.client();
        String image = NodeImage.debootstrap().ensure();
        String suffix = Long.toHexString(new Random().nextLong() & 0xffffffL);

        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        RunIdentity dead = new RunIdentity("dead-" + suffix, gone.pid(), 1, RunIdentity.currentBootId());
        RunIdentity live = RunIdentity.forThisProcess("live-" + suffix);
        for (RunIdentity run : List.of(dead, live)) {
            docker.createNetworkCmd().withName("faultline-" + run.runId()).withInternal(true).withLabels(run.labels()).exec();
            docker.createContainerCmd(image).withName("faultline-" + run.runId() + "-n1").withLabels(run.labels())
                    .withCmd("sleep", "infinity").exec();
        }
        try {
            Leftovers.Report report = Leftovers.clean(docker);
            assertThat(report.removedRuns()).contains(dead.runId()).doesNotContain(live.runId());
            assertThat(report.removedContainers()).contains("faultline-" + dead.runId() + "-n1");
            assertThat(report.removedNetworks()).contains("faultline-" + dead.runId());
            assertThat(report.liveRuns()).contains(live.runId());
            assertThat(containers(docker, dead)).isEmpty();
            assertThat(containers(docker, live)).hasSize(1);
        } finally {
            Leftovers.removeRun(docker, live.runId());
            Leftovers.removeRun(docker, dead.runId());
        }
        assertThat(containers(docker, live)).isEmpty();
    }

    /** --leave-db-running: a kept cluster outlives its controller, and the printed teardown command removes it. */
    @Test
    void aKeptClusterOfADeadRunIsSparedAndItsTeardownCommandRemovesIt() throws Exception {
        DockerRequired.check();
        DockerClient docker = DockerEngine.client();
        String image = NodeImage.debootstrap().ensure();
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        RunIdentity dead = new RunIdentity("kept-" + Long.toHexString(new Random().nextLong() & 0xffffffL), gone.pid(), 1,
                RunIdentity.currentBootId());
        DockerProvisioner kept = new DockerProvisioner(docker, image, dead).withoutShutdownHook();
        kept.keep();
        try {
            kept.provision(2);
            assertThat(docker.inspectContainerCmd(kept.containerName("n1")).exec().getConfig().getLabels())
                    .containsEntry(RunIdentity.LABEL_KEEP, "true");
            Leftovers.Report report = Leftovers.clean(docker);
            assertThat(report.removedRuns()).doesNotContain(dead.runId());
            assertThat(containers(docker, dead)).hasSize(2);
            assertThat(kept.reachCommands()).containsExactly(
                    "docker exec -it " + kept.containerName("n1") + " bash    # n1",
                    "docker exec -it " + kept.containerName("n2") + " bash    # n2");
            assertThat(kept.teardownCommands()).hasSize(1);
            Process teardown = new ProcessBuilder("sh", "-c", kept.teardownCommands().get(0)).redirectErrorStream(true).start();
            String out = new String(teardown.getInputStream().readAllBytes());
            assertThat(teardown.waitFor()).as(out).isZero();
            assertThat(containers(docker, dead)).isEmpty();
            assertThat(docker.listNetworksCmd().withNameFilter(kept.networkName()).exec()).isEmpty();
        } finally {
            Leftovers.removeRun(docker, dead.runId());
        }
    }

    private static List<?> containers(DockerClient docker, RunIdentity run) {
        return docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(RunIdentity.LABEL_RUN + "=" + run.runId())).exec();
    }
}
