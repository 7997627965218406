package dev.faultline.harness.provision;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped Dockerfile installs what the debootstrap recipe installs, and the image tag follows the recipe. */
class NodeImageRecipeTest {
    private static final Path DOCKERFILE = Path.of("docker/node/Dockerfile");

    @Test
    void dockerfileMatchesTheDebootstrapRecipe() throws Exception {
        String df = Files.readString(DOCKERFILE);
        for (String pkg : NodeImage.PACKAGES) assertThat(df).as("Dockerfile installs " + pkg).containsPattern("\\s" + pkg + "\\s");
        for (String dir : NodeImage.DIRECTORIES) assertThat(df).as("Dockerfile creates /" + dir).contains(" /" + dir);
        assertThat(df).contains("FROM debian:bookworm");
    }

    @Test
    void tagIsAHashOfTheRecipe() {
        assertThat(NodeImage.hash("a")).hasSize(12).isNotEqualTo(NodeImage.hash("b")).isEqualTo(NodeImage.hash("a"));
    }
}
