package dev.faultline.harness.run;

import dev.faultline.checkers.history.Op;
import dev.faultline.checkers.history.OpType;
import dev.faultline.harness.generator.Generators;
import dev.faultline.harness.spi.Nemesis;
import dev.faultline.harness.spi.NemesisFactory;
import dev.faultline.harness.spi.NemesisPackage;
import dev.faultline.harness.spi.TestContext;
import dev.faultline.harness.spi.TestOptions;
import dev.faultline.results.FaultKind;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegistryAndCombinedNemesisTest {
    static NemesisFactory factory(String name) {
        return new NemesisFactory() {
            public String name() {
                return name;
            }

            public String description() {
                return name + " faults";
            }

            public NemesisPackage create(TestOptions options) {
                throw new UnsupportedOperationException();
            }
        };
    }

    @Test
    void unknownNamesListTheKnownOnes() {
        Registry r = new Registry(List.of(), List.of(), List.of(factory("partition"), factory("kill")));
        assertThat(r.nemesis("kill").name()).isEqualTo("kill");
        assertThatThrownBy(() -> r.nemesis("partiton")).isInstanceOf(Registry.UnknownNameException.class)
                .hasMessage("unknown nemesis 'partiton'; known nemeses: kill, partition");
        assertThatThrownBy(() -> r.target("etcd")).hasMessageContaining("unknown target 'etcd'").hasMessageContaining("(none on the class path)");
        assertThatThrownBy(() -> new Registry(List.of(), List.of(), List.of(factory("kill"), factory("kill"))))
                .hasMessageContaining("named 'kill'");
    }

    static final class Recording implements Nemesis {
        final Set<String> fs;
        final List<String> log;

        Recording(Set<String> fs, List<String> log) {
            this.fs = fs;
            this.log = log;
        }

        public Set<String> fs() {
            return fs;
        }

        public Op invoke(TestContext ctx, Op op) {
            log.add(fs.iterator().next() + ":" + op.f());
            return op.complete(OpType.INFO, "done", null);
        }

        public void heal(TestContext ctx) {
            log.add("heal " + fs.iterator().next());
            if (fs.contains("boom")) throw new IllegalStateException("cannot heal");
        }
    }

    @Test
    void opsGoToThePackageThatHandlesTheirFAndHealReachesEveryPackage() throws Exception {
        List<String> log = new ArrayList<>();
        NemesisPackage a = new NemesisPackage("a", new Recording(Set.of("start-a"), log), Generators.op("start-a", null, null), null);
        NemesisPackage b = new NemesisPackage("b", new Recording(Set.of("boom"), log), Generators.op("boom", null, null),
                Generators.op("boom", null, null));
        NemesisPackage combined = CombinedNemesis.combine(List.of(a, b));
        assertThat(combined.name()).isEqualTo("a+b");
        combined.nemesis().invoke(null, Op.invoke(Op.NEMESIS, "boom", null, null));
        combined.nemesis().invoke(null, Op.invoke(Op.NEMESIS, "start-a", null, null));
        assertThat(log).containsExactly("boom:boom", "start-a:start-a");
        Op unknown = combined.nemesis().invoke(null, Op.invoke(Op.NEMESIS, "flood", null, null));
        assertThat(unknown.isInfo()).isTrue();
        assertThat(unknown.error()).contains("no nemesis handles 'flood'");
        assertThatThrownBy(() -> combined.nemesis().heal(null)).hasMessageContaining("healing b failed");
        assertThat(log).contains("heal start-a", "heal boom");
        assertThat(combined.finalGenerator()).isNotNull();
        assertThatThrownBy(() -> CombinedNemesis.combine(List.of(a, new NemesisPackage("a2", new Recording(Set.of("start-a"), log), null, null))))
                .hasMessageContaining("more than one handles 'start-a'");
    }

    @Test
    void theCombinedPackageDeclaresEveryPackagesFaultKindsAndNeeds() {
        FaultKind partition = new FaultKind("partition", "start-partition", "stop-partition");
        FaultKind kill = new FaultKind("kill", "kill", "start");
        NemesisPackage a = new NemesisPackage("partition", new Recording(Set.of("start-partition", "stop-partition"), new ArrayList<>()),
                null, null, List.of(partition), Set.of());
        NemesisPackage b = new NemesisPackage("kill", new Recording(Set.of("kill", "start"), new ArrayList<>()), null, null,
                List.of(kill), Set.of(dev.faultline.harness.spi.Ability.KILL));
        NemesisPackage combined = CombinedNemesis.combine(List.of(a, b));
        assertThat(combined.faults()).containsExactly(partition, kill);
        assertThat(combined.needs()).containsExactly(dev.faultline.harness.spi.Ability.KILL);
        assertThat(CombinedNemesis.combine(List.of()).faults()).isEmpty();
    }
}
