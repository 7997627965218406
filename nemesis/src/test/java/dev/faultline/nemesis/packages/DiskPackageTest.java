package dev.faultline.nemesis.packages;

import dev.faultline.checkers.history.Op;
import dev.faultline.harness.spi.Ability;
import dev.faultline.harness.spi.NemesisPackage;
import dev.faultline.harness.spi.NodeRights;
import dev.faultline.results.FaultKind;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.faultline.nemesis.packages.PackagesTest.factory;
import static dev.faultline.nemesis.packages.PackagesTest.invocations;
import static dev.faultline.nemesis.packages.PackagesTest.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DiskPackageTest {
    @Test
    void declaresItsThreeFaultsClosedByStartDiskAndNeedsAKillableTargetThatNamesItsDataDir() {
        NemesisPackage p = factory("disk").create(options(3, Map.of()));
        assertThat(p.faults()).containsExactly(new FaultKind("lose-unfsynced", "lose-unfsynced", "start-disk"),
                new FaultKind("corrupt", "corrupt", "start-disk"), new FaultKind("truncate", "truncate", "start-disk"));
        assertThat(p.needs()).containsExactlyInAnyOrder(Ability.KILL, Ability.DATA_DIR);
        Set<String> scheduled = invocations(p).stream().map(Op::f).collect(Collectors.toSet());
        assertThat(scheduled).containsExactlyInAnyOrder("lose-unfsynced", "corrupt", "truncate", "start-disk");
        // by default only one node or a minority at a time
        assertThat(invocations(p).stream().filter(o -> !o.f().equals("start-disk")).map(Op::value).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("one", "minority");
    }

    @Test
    void onlyLoseUnfsyncedAsksForFuseOnTheNodes() {
        NodeRights fuse = factory("disk").create(options(3, Map.of("disk.faults", "lose-unfsynced"))).nodeRights();
        assertThat(fuse.devices()).containsExactly("/dev/fuse");
        assertThat(fuse.capabilities()).containsExactly("SYS_ADMIN");
        assertThat(fuse.packages()).contains("fuse3", "libfuse3-dev");
        assertThat(factory("disk").create(options(3, Map.of("disk.faults", "corrupt;truncate"))).nodeRights()).isEqualTo(NodeRights.NONE);
        // no other package asks for anything
        for (String other : new String[] {"partition", "kill", "pause", "clock", "packet"}) {
            assertThat(factory(other).create(options(3, Map.of())).nodeRights()).as(other).isEqualTo(NodeRights.NONE);
        }
    }

    @Test
    void refusesUnknownFaultsAndBadSizes() {
        assertThatThrownBy(() -> factory("disk").create(options(3, Map.of("disk.faults", "melt"))))
                .hasMessageContaining("unknown disk fault 'melt'").hasMessageContaining("lose-unfsynced, corrupt, truncate");
        assertThatThrownBy(() -> factory("disk").create(options(3, Map.of("disk.targets", "n7"))))
                .hasMessageContaining("disk.targets");
        assertThatThrownBy(() -> factory("disk").create(options(3, Map.of("disk.corrupt-bytes", "0"))))
                .hasMessageContaining("disk.corrupt-bytes");
    }
}
