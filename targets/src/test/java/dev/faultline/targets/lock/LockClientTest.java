package dev.faultline.targets.lock;

import dev.faultline.checkers.history.Op;
import dev.faultline.checkers.history.OpType;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** How HTTP answers of the lock service and the resource become completions. */
class LockClientTest {
    private static Op invoke(String f, Object value) {
        return new Op(-1, 0, 3, OpType.INVOKE, f, "lock-0", value, null);
    }

    @Test
    void okAnswersCarryTokensAndSeqs() {
        Op acquired = LockClient.complete(invoke("acquire", 2000L), 200, "{\"token\":17,\"ttlMs\":2000}");
        assertThat(acquired.type()).isEqualTo(OpType.OK);
        assertThat(acquired.value()).isEqualTo(17L);

        Map<String, Object> w = new LinkedHashMap<>();
        w.put("token", 17L);
        w.put("value", "p3-1");
        Op wrote = LockClient.complete(invoke("write", w), 200, "{\"seq\":42,\"token\":17}");
        assertThat(wrote.type()).isEqualTo(OpType.OK);
        assertThat(wrote.value()).isEqualTo(Map.of("token", 17L, "value", "p3-1", "seq", 42L));

        assertThat(LockClient.complete(invoke("release", 17L), 200, "{\"released\":true}").value()).isEqualTo(17L);
    }

    @Test
    void definiteErrorsFailAndTheRestIsUnknown() {
        assertThat(LockClient.complete(invoke("acquire", 2000L), 409,
                "{\"error\":\"lock-held\",\"definite\":true,\"message\":\"held\"}").type()).isEqualTo(OpType.FAIL);
        assertThat(LockClient.complete(invoke("acquire", 2000L), 504,
                "{\"error\":\"timeout\",\"definite\":false,\"message\":\"t\"}").type()).isEqualTo(OpType.INFO);
        assertThat(LockClient.complete(invoke("acquire", 2000L), 500, "<html>").type()).isEqualTo(OpType.INFO);
        assertThat(LockClient.complete(invoke("acquire", 2000L), 200, "{\"ttlMs\":2000}").type()).isEqualTo(OpType.INFO);
        Op stale = LockClient.complete(invoke("write", Map.of("token", 1L, "value", "x")), 409,
                "{\"error\":\"stale-token\",\"definite\":true,\"message\":\"m\",\"highest\":9}");
        assertThat(stale.type()).isEqualTo(OpType.FAIL);
        assertThat(stale.error()).startsWith("stale-token");
    }
}
