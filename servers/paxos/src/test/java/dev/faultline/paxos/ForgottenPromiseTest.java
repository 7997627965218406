package dev.faultline.paxos;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The interleaving that no-persist-promise breaks, driven message by message over HTTP: proposer Q
 * gets promises for ballot 10 from n1 and n3, n1 restarts, proposer P gets n1 and n2 to promise and
 * accept ballot 5 (its value is chosen), then Q's accept of 10 at n1 and n3 chooses a value that
 * was computed without P's: two values chosen one after the other, the second blind to the first.
 */
class ForgottenPromiseTest {
    @TempDir
    Path dir;

    private static String prepare(int counter, String node) {
        return "{\"key\":\"x\",\"ballot\":[" + counter + ",\"" + node + "\"]}";
    }

    private static String accept(int counter, String node, String value) {
        return "{\"key\":\"x\",\"ballot\":[" + counter + ",\"" + node + "\"],\"value\":\"" + value + "\"}";
    }

    /** Whether P's round at ballot 5 gets a majority after Q's promise of 10 and a restart of n1. */
    private boolean lowerRoundWinsAfterRestart(String unsafe, Path data) throws Exception {
        try (PaxosCluster c = new PaxosCluster(data, 3, unsafe).startAll()) {
            assertThat(c.raw("n1", "POST", "/paxos/prepare", prepare(10, "q")).body().get("ok").asBoolean()).isTrue();
            assertThat(c.raw("n3", "POST", "/paxos/prepare", prepare(10, "q")).body().get("ok").asBoolean()).isTrue();
            c.stop("n1");
            c.start("n1");
            boolean promised = c.raw("n1", "POST", "/paxos/prepare", prepare(5, "p")).body().get("ok").asBoolean();
            assertThat(c.raw("n2", "POST", "/paxos/prepare", prepare(5, "p")).body().get("ok").asBoolean()).isTrue();
            if (!promised) return false;
            assertThat(c.raw("n1", "POST", "/paxos/accept", accept(5, "p", "P")).body().get("ok").asBoolean()).isTrue();
            assertThat(c.raw("n2", "POST", "/paxos/accept", accept(5, "p", "P")).body().get("ok").asBoolean()).isTrue();
            // "P" is chosen (n1, n2). Q's accept of a value computed before P's round:
            assertThat(c.raw("n1", "POST", "/paxos/accept", accept(10, "q", "Q")).body().get("ok").asBoolean()).isTrue();
            assertThat(c.raw("n3", "POST", "/paxos/accept", accept(10, "q", "Q")).body().get("ok").asBoolean()).isTrue();
            assertThat(c.get("n2", "x").value().asText()).as("P's chosen value is lost").isEqualTo("Q");
            return true;
        }
    }

    @Test
    void theSafeAcceptorRemembersItsPromiseAcrossARestart() throws Exception {
        assertThat(lowerRoundWinsAfterRestart(null, dir)).isFalse();
    }

    @Test
    void theNoPersistPromiseAcceptorLetsTwoValuesBeChosen() throws Exception {
        assertThat(lowerRoundWinsAfterRestart("no-persist-promise", dir)).isTrue();
    }
}
