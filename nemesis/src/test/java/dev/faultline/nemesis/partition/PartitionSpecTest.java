package dev.faultline.nemesis.partition;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PartitionSpecTest {
    private static final List<String> FIVE = List.of("n1", "n2", "n3", "n4", "n5");

    private static Grudge grudge(String spec, List<String> nodes, long seed) {
        return PartitionSpec.parse(spec).grudge(nodes, Optional.of("n2"), new Random(seed));
    }

    private static boolean canTalk(Grudge g, String a, String b) {
        return !g.dropsAt(a).contains(b) && !g.dropsAt(b).contains(a);
    }

    @Test
    void halvesCutTwoFromThreeBothWays() {
        for (long seed = 0; seed < 20; seed++) {
            Grudge g = grudge("halves", FIVE, seed);
            long cutFromThree = FIVE.stream().filter(n -> g.dropsAt(n).size() == 3).count();
            long cutFromTwo = FIVE.stream().filter(n -> g.dropsAt(n).size() == 2).count();
            assertThat(cutFromThree).isEqualTo(2);
            assertThat(cutFromTwo).isEqualTo(3);
            for (String a : FIVE) for (String b : g.dropsAt(a)) assertThat(g.dropsAt(b)).contains(a);
        }
    }

    @Test
    void oneIsolatesASingleNode() {
        Grudge g = grudge("one", FIVE, 3);
        List<String> loners = FIVE.stream().filter(n -> g.dropsAt(n).size() == 4).toList();
        assertThat(loners).hasSize(1);
        String loner = loners.get(0);
        for (String n : FIVE) if (!n.equals(loner)) assertThat(g.dropsAt(n)).containsExactly(loner);
    }

    @Test
    void primariesIsolatesThePrimaryOrCutsNothing() {
        Grudge g = grudge("primaries", FIVE, 1);
        assertThat(g.dropsAt("n2")).containsExactly("n1", "n3", "n4", "n5");
        Grudge none = PartitionSpec.parse("primaries").grudge(FIVE, Optional.empty(), new Random());
        assertThat(none.drops()).isEmpty();
    }

    @Test
    void majoritiesRingGivesEveryNodeADistinctMajority() {
        for (long seed = 0; seed < 20; seed++) {
            Grudge g = grudge("majorities-ring", FIVE, seed);
            Set<Set<String>> views = new HashSet<>();
            for (String n : FIVE) {
                Set<String> sees = new HashSet<>(FIVE);
                g.dropsAt(n).forEach(sees::remove);
                assertThat(sees).hasSize(3).contains(n);
                views.add(sees);
            }
            assertThat(views).hasSize(5);
        }
    }

    @Test
    void bridgeKeepsOneNodeTalkingToBothHalves() {
        for (long seed = 0; seed < 20; seed++) {
            Grudge g = grudge("bridge", FIVE, seed);
            List<String> bridges = FIVE.stream().filter(b -> FIVE.stream().allMatch(o -> canTalk(g, b, o))).toList();
            assertThat(bridges).hasSize(1);
            String bridge = bridges.get(0);
            List<String> rest = FIVE.stream().filter(n -> !n.equals(bridge)).toList();
            long cutPairs = 0;
            for (String a : rest) for (String b : rest) if (!canTalk(g, a, b)) cutPairs++;
            assertThat(cutPairs).isEqualTo(2 * 2 * 2); // 2x2 nodes across the cut, counted both ways
        }
    }

    @Test
    void explicitComponentsAndGrudges() {
        Grudge c = grudge("n1,n2|n3,n4,n5", FIVE, 0);
        assertThat(c.drops()).isEqualTo(Map.of("n1", List.of("n3", "n4", "n5"), "n2", List.of("n3", "n4", "n5"),
                "n3", List.of("n1", "n2"), "n4", List.of("n1", "n2"), "n5", List.of("n1", "n2")));
        Grudge d = grudge("n1:n4,n3;n2:n3", FIVE, 0);
        assertThat(d.drops()).isEqualTo(Map.of("n1", List.of("n3", "n4"), "n2", List.of("n3")));
        assertThat(d.toValue().keySet()).containsExactly("n1", "n2");
    }

    @Test
    void impossibleOrBadSpecsAreRejected() {
        assertThatThrownBy(() -> PartitionSpec.parse("halves").validate(List.of("n1"))).hasMessageContaining("at least 2 nodes");
        assertThatThrownBy(() -> PartitionSpec.parse("bridge").validate(List.of("n1", "n2"))).hasMessageContaining("at least 3 nodes");
        assertThatThrownBy(() -> PartitionSpec.parse("n1|n9").validate(FIVE)).hasMessageContaining("[n9]");
        assertThatThrownBy(() -> PartitionSpec.parse("n1:n1")).hasMessageContaining("itself");
        assertThatThrownBy(() -> PartitionSpec.parse("n1,n2|n2,n3")).hasMessageContaining("two groups");
        assertThatThrownBy(() -> PartitionSpec.parse("sideways")).hasMessageContaining("unknown partition 'sideways'");
    }
}
