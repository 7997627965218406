package dev.faultline.harness.run;

import dev.faultline.harness.spi.ParamSpec;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatCode;

class ParamCheckTest {
    private static final List<ParamSpec> CLOCK = List.of(ParamSpec.of("clock.max-delta", "262144ms", "largest bump"),
            ParamSpec.of("clock.min-delta", "4ms", "smallest bump"));
    private static final List<ParamSpec> REGISTER = List.of(ParamSpec.of("ops-per-key", 100, "ops per key"));

    private static ParamCheck check(Map<String, List<ParamSpec>> elsewhere) {
        Map<String, List<ParamSpec>> in = new LinkedHashMap<>();
        in.put("target t", List.of());
        in.put("workload register", REGISTER);
        in.put("nemesis clock", CLOCK);
        return new ParamCheck(in, elsewhere);
    }

    @Test
    void aTypoIsAnErrorNamingTheClosestKey() {
        assertThatThrownBy(() -> check(Map.of()).check(List.of("clock.max-delte")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown --param clock.max-delte")
                .hasMessageContaining("did you mean --param clock.max-delta?")
                .hasMessageContaining("target t, workload register, nemesis clock");
    }

    @Test
    void declaredKeysPass() {
        assertThatCode(() -> check(Map.of()).check(List.of("clock.max-delta", "ops-per-key"))).doesNotThrowAnyException();
    }

    @Test
    void aKeyFarFromEveryKnownOneGetsNoGuess() {
        assertThatThrownBy(() -> check(Map.of()).check(List.of("zzz")))
                .hasMessageContaining("unknown --param zzz").hasMessageNotContaining("did you mean");
    }

    @Test
    void aKeyOfAPartOutsideTheRunSaysSo() {
        assertThatThrownBy(() -> check(Map.of("nemesis packet", List.of(ParamSpec.of("packet.loss", "0%", "drop")))).check(List.of("packet.loss")))
                .hasMessageContaining("--param packet.loss is read by nemesis packet, which this run does not use");
    }

    @Test
    void aNamespaceCoversItsKeysOnly() {
        Map<String, List<ParamSpec>> in = Map.of("target kv", List.of(ParamSpec.namespace("kv.", "the client's own keys")));
        assertThatCode(() -> new ParamCheck(in, Map.of()).check(List.of("kv.port", "kv.anything"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> new ParamCheck(in, Map.of()).check(List.of("kvport"))).hasMessageContaining("unknown --param kvport");
    }

    @Test
    void namesAreValidated() {
        assertThatThrownBy(() -> ParamSpec.of("a b", 1, "x")).hasMessageContaining("bad parameter name");
        assertThatThrownBy(() -> ParamSpec.of("a*.b", 1, "x")).hasMessageContaining("'*' only");
    }

    @Test
    void levenshtein() {
        assertThat(ParamCheck.levenshtein("kitten", "sitting")).isEqualTo(3);
        assertThat(ParamCheck.levenshtein("", "abc")).isEqualTo(3);
        assertThat(ParamCheck.closest("rate", List.of("rate", "values"))).isEqualTo("rate");
    }
}
