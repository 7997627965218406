package dev.faultline.harness.provision;

import com.github.dockerjava.api.DockerClient;
import dev.faultline.harness.control.docker.DockerEngine;
import dev.faultline.harness.testing.DockerRequired;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The cached debootstrap image is reused; the Dockerfile path builds and tags an image (FROM the local node image: no registry here). */
@Tag("docker")
class NodeImageDockerTest {
    @Test
    void ensureReusesTheImageAndDockerfileBuildsWork(@TempDir Path dir) throws Exception {
        DockerRequired.check();
        DockerClient docker = DockerEngine.client();
        NodeImage image = NodeImage.debootstrap();
        String tag = image.ensure();
        assertThat(tag).startsWith(NodeImage.REPOSITORY + ":");
        String id = docker.inspectImageCmd(tag).exec().getId();
        assertThat(image.ensure()).isEqualTo(tag);
        assertThat(docker.inspectImageCmd(tag).exec().getId()).as("second ensure reuses the image").isEqualTo(id);

        Path df = dir.resolve("Dockerfile");
        Files.writeString(df, "FROM " + tag + "\nRUN echo " + Long.toHexString(new Random().nextLong()) + " > /etc/faultline-test\n");
        NodeImage derived = NodeImage.fromDockerfile(df);
        String derivedTag = derived.ensure();
        try {
            assertThat(derivedTag).startsWith(NodeImage.REPOSITORY + ":df-");
            assertThat(derived.exists()).isTrue();
            assertThat(docker.inspectImageCmd(derivedTag).exec().getConfig().getLabels()).containsEntry("faultline.image", "node");
        } finally {
            docker.removeImageCmd(derivedTag).withForce(true).exec();
        }
    }
}
