package dev.faultline.harness.spi;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NodeRightsTest {
    @Test
    void combinesAndRefusesWhatIsNotADeviceOrACapability() {
        NodeRights fuse = new NodeRights(Set.of("fuse3"), Set.of("/dev/fuse"), Set.of("SYS_ADMIN"));
        NodeRights tools = new NodeRights(Set.of("strace"), Set.of(), Set.of("SYS_PTRACE"));
        assertThat(NodeRights.NONE.isEmpty()).isTrue();
        assertThat(NodeRights.NONE.plus(fuse)).isEqualTo(fuse);
        NodeRights both = fuse.plus(tools);
        assertThat(both.packages()).containsExactlyInAnyOrder("fuse3", "strace");
        assertThat(both.capabilities()).containsExactlyInAnyOrder("SYS_ADMIN", "SYS_PTRACE");
        assertThat(both.devices()).containsExactly("/dev/fuse");
        assertThatThrownBy(() -> new NodeRights(Set.of(), Set.of("fuse"), Set.of())).hasMessageContaining("/dev/");
        assertThatThrownBy(() -> new NodeRights(Set.of(), Set.of(), Set.of("sys_admin; rm"))).hasMessageContaining("capability");
    }

    @Test
    void aCombinedNemesisAsksForWhatAnyOfItsPackagesAsksFor() {
        Nemesis none = new Nemesis() {
            @Override
            public Set<String> fs() {
                return Set.of("a");
            }

            @Override
            public dev.faultline.checkers.history.Op invoke(TestContext ctx, dev.faultline.checkers.history.Op op) {
                return op;
            }

            @Override
            public void heal(TestContext ctx) {
            }
        };
        NodeRights fuse = new NodeRights(Set.of("fuse3"), Set.of("/dev/fuse"), Set.of("SYS_ADMIN"));
        NemesisPackage plain = new NemesisPackage("plain", none, null, null);
        NemesisPackage disk = new NemesisPackage("disk", new Nemesis() {
            @Override
            public Set<String> fs() {
                return Set.of("b");
            }

            @Override
            public dev.faultline.checkers.history.Op invoke(TestContext ctx, dev.faultline.checkers.history.Op op) {
                return op;
            }

            @Override
            public void heal(TestContext ctx) {
            }
        }, null, null, java.util.List.of(), Set.of(), fuse);
        assertThat(plain.nodeRights()).isEqualTo(NodeRights.NONE);
        assertThat(dev.faultline.harness.run.CombinedNemesis.combine(java.util.List.of(plain)).nodeRights()).isEqualTo(NodeRights.NONE);
        assertThat(dev.faultline.harness.run.CombinedNemesis.combine(java.util.List.of(plain, disk)).nodeRights()).isEqualTo(fuse);
    }
}
