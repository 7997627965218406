package dev.faultline.harness.provision;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void theHarnessNamesNoTargetPackage() {
        assertThat(NodeImage.PACKAGES).doesNotContain("etcd-server");
    }

    @Test
    void aTargetsPackagesMakeADerivedImageTaggedByTheSortedSet() {
        NodeImage base = NodeImage.debootstrap();
        NodeImage etcd = base.withPackages(List.of("etcd-server"));
        assertThat(etcd.tag()).isNotEqualTo(base.tag());
        assertThat(etcd.recipe()).startsWith(base.recipe()).endsWith("apt-get install etcd-server\n");
        assertThat(base.withPackages(List.of("bb", "a1")).tag()).isEqualTo(base.withPackages(List.of("a1", "bb")).tag());
        assertThat(base.withPackages(List.of("curl")).tag()).as("a base package adds nothing").isEqualTo(base.tag());
        assertThat(base.withPackages(List.of()).extraPackages()).isEmpty();
        assertThat(etcd.base().tag()).isEqualTo(base.tag());
    }

    @Test
    void packageNamesAreChecked() {
        assertThatThrownBy(() -> NodeImage.debootstrap().withPackages(List.of("etcd; rm -rf /")))
                .hasMessageContaining("not a Debian package name");
    }

    @Test
    void tagIsAHashOfTheRecipe() {
        assertThat(NodeImage.hash("a")).hasSize(12).isNotEqualTo(NodeImage.hash("b")).isEqualTo(NodeImage.hash("a"));
    }
}
