package dev.faultline.nemesis;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NodeSpecTest {
    private static final List<String> FIVE = List.of("n1", "n2", "n3", "n4", "n5");

    @Test
    void sizesFollowTheClusterSize() {
        Random r = new Random(1);
        assertThat(NodeSpec.parse("one").select(FIVE, Optional.empty(), r)).hasSize(1);
        assertThat(NodeSpec.parse("minority").select(FIVE, Optional.empty(), r)).hasSize(2);
        assertThat(NodeSpec.parse("majority").select(FIVE, Optional.empty(), r)).hasSize(3);
        assertThat(NodeSpec.parse("all").select(FIVE, Optional.empty(), r)).isEqualTo(FIVE);
        List<String> four = FIVE.subList(0, 4);
        assertThat(NodeSpec.parse("minority").select(four, Optional.empty(), r)).hasSize(1);
        assertThat(NodeSpec.parse("majority").select(four, Optional.empty(), r)).hasSize(3);
    }

    @Test
    void selectionIsASubsetInClusterOrderAndVaries() {
        Random r = new Random(7);
        java.util.Set<List<String>> seen = new java.util.HashSet<>();
        for (int i = 0; i < 50; i++) {
            List<String> pick = NodeSpec.parse("majority").select(FIVE, Optional.empty(), r);
            assertThat(FIVE).containsAll(pick);
            assertThat(pick).isSortedAccordingTo(java.util.Comparator.comparingInt(FIVE::indexOf)).doesNotHaveDuplicates();
            seen.add(pick);
        }
        assertThat(seen).hasSizeGreaterThan(3);
    }

    @Test
    void primariesUsesTheTargetsPrimaryOrNothing() {
        NodeSpec p = NodeSpec.parse("primaries");
        assertThat(p.select(FIVE, Optional.of("n4"), new Random())).containsExactly("n4");
        assertThat(p.select(FIVE, Optional.empty(), new Random())).isEmpty();
        assertThat(p.select(FIVE, Optional.of("n9"), new Random())).isEmpty();
    }

    @Test
    void namedListsKeepTheirNodes() {
        NodeSpec s = NodeSpec.parse(" n3 , n1 ");
        assertThat(s.select(FIVE, Optional.empty(), new Random())).containsExactly("n1", "n3");
        assertThat(s.text()).isEqualTo("n3,n1");
    }

    @Test
    void impossibleSpecsAreRejectedWithTheReason() {
        assertThatThrownBy(() -> NodeSpec.parse("minority").validate(List.of("n1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minority of 1 is 0 nodes");
        assertThatThrownBy(() -> NodeSpec.parse("minority").validate(List.of("n1", "n2")))
                .hasMessageContaining("minority of 2 is 0 nodes");
        assertThatThrownBy(() -> NodeSpec.parse("majority").validate(List.of("n1")))
                .hasMessageContaining("majority of 1 is the whole cluster");
        assertThatThrownBy(() -> NodeSpec.parse("n1,n7").validate(FIVE))
                .hasMessageContaining("[n7]").hasMessageContaining("not in the cluster");
        NodeSpec.parse("one").validate(List.of("n1"));
        NodeSpec.parse("all").validate(List.of("n1"));
        NodeSpec.parse("minority").validate(FIVE.subList(0, 3));
    }

    @Test
    void badTextIsRejected() {
        assertThatThrownBy(() -> NodeSpec.parse("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> NodeSpec.parse("n1,,n2")).hasMessageContaining("empty node name");
        assertThatThrownBy(() -> NodeSpec.parse("n1,n1")).hasMessageContaining("twice");
    }

    @Test
    void listsAreSeparatedBySemicolons() {
        assertThat(NodeSpec.parseList("one; majority;n1,n3").stream().map(NodeSpec::text))
                .containsExactly("one", "majority", "n1,n3");
    }
}
