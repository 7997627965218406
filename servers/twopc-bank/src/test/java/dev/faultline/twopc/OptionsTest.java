package dev.faultline.twopc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class OptionsTest {
    @Test
    void parsesBothRolesAndUnsafeSwitches() {
        Options c = Options.parse(("--role coordinator --id c --data-dir /d --client-port 7000 "
                + "--participants p1=h1:7001,p2=h2:7001 --debug-delay-after-prepare-ms 50").split(" "));
        assertThat(c.isCoordinator()).isTrue();
        assertThat(c.participants()).containsEntry("p2", new HostPort("h2", 7001));
        assertThat(c.debugDelayAfterPrepareMs()).isEqualTo(50);
        Options p = Options.parse(("--role participant --id p1 --data-dir /d --port 7001 --accounts a0..a2,x "
                + "--initial-balance 100 --coordinator h:7000 --unsafe no-durable-prepare,unilateral-abort").split(" "));
        assertThat(p.accounts()).containsExactly("a0", "a1", "a2", "x");
        assertThat(p.unsafe()).containsExactlyInAnyOrder(Unsafe.NO_DURABLE_PREPARE, Unsafe.UNILATERAL_ABORT);
        assertThat(p.bind()).isEqualTo("0.0.0.0");
        assertThat(p.queryTimeoutMs()).isEqualTo(1000);
        Options c3 = Options.parse(("--role coordinator --id c --data-dir /d --client-port 7000 --participants p1=h1:7001 "
                + "--protocol 3pc --debug-delay-before-precommit-ms 800").split(" "));
        assertThat(c3.debugDelayBeforePrecommitMs()).isEqualTo(800);
        assertThat(Options.parse(("--role participant --id p1 --data-dir /d --port 7001 --accounts a0 --coordinator h:7000 "
                + "--query-timeout-ms 250").split(" ")).queryTimeoutMs()).isEqualTo(250);
    }

    @Test
    void badInputNamesTheOption() {
        assertThatThrownBy(() -> Options.parse("--role participant --id p1 --data-dir /d --port 1 --accounts a0 --coordinator h".split(" ")))
                .hasMessageContaining("--coordinator: expected host:port");
        assertThatThrownBy(() -> Options.parse("--role coordinator --id c --data-dir /d --client-port x --participants p=h:1".split(" ")))
                .hasMessageContaining("--client-port: not a number");
        assertThatThrownBy(() -> Options.parse("--role coordinator --id c --data-dir /d --client-port 1 --participants p=h:1 --frob 1".split(" ")))
                .hasMessageContaining("unknown option(s): --frob");
        assertThatThrownBy(() -> Options.parse("--role participant --id p1 --data-dir /d --port 1 --accounts a0 --coordinator h:1 --unsafe nope".split(" ")))
                .hasMessageContaining("unknown --unsafe switch 'nope'");
        assertThatThrownBy(() -> Options.parse("--role coordinator --id c --data-dir /d --client-port 1 --participants p=h:1 --debug-delay-before-precommit-ms 5".split(" ")))
                .hasMessageContaining("--debug-delay-before-precommit-ms needs --protocol 3pc");
        assertThatThrownBy(() -> Options.parse("--role participant --id p1 --data-dir /d --port 1 --accounts a0 --coordinator h:1 --query-timeout-ms 0".split(" ")))
                .hasMessageContaining("--query-timeout-ms must be > 0");
        assertThatThrownBy(() -> Accounts.parse("a5..a2")).hasMessageContaining("is empty");
        assertThat(Accounts.parse("a0..a1, b")).isEqualTo(List.of("a0", "a1", "b"));
    }
}
