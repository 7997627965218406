package dev.faultline.harness.provision;

import dev.faultline.harness.control.Cluster;
import dev.faultline.harness.control.Provisioner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProvisionersTest {
    @Test
    void badChoicesAreExplained() {
        assertThatThrownBy(() -> Provisioners.create("kubernetes", null, null, null)).hasMessageContaining("docker, ssh or local");
        assertThatThrownBy(() -> Provisioners.create("ssh", null, null, null)).hasMessageContaining("--nodes-file");
    }

    @Test
    void localKeepsAGivenBase(@TempDir Path tmp) {
        try (Provisioner p = Provisioners.create("local", null, null, tmp.resolve("nodes"))) {
            Cluster c = p.provision(2);
            assertThat(c.node("n2").remote().sh("pwd").stdout().strip()).isEqualTo(tmp.resolve("nodes/n2").toString());
        }
        assertThat(tmp.resolve("nodes/n2")).isDirectory();
    }
}
