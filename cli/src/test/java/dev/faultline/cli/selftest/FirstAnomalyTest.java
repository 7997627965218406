package dev.faultline.cli.selftest;

import dev.faultline.checkers.history.History;
import dev.faultline.checkers.linearizable.Budget;
import dev.faultline.checkers.linearizable.LinearizabilityChecker;
import dev.faultline.checkers.model.Models;
import dev.faultline.checkers.result.CheckResult;
import dev.faultline.checkers.result.Validity;
import dev.faultline.results.RunDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The time to the first anomalous op, from a real run directory's history and a real checker's result. */
class FirstAnomalyTest {
    @TempDir
    Path run;

    private static final long S = 1_000_000_000L;

    @Test
    void countsFromTheFirstClientOpToTheInvocationOfTheFirstAnomalousOp() throws Exception {
        // setup took 12 s (a nemesis op at 11 s), clients start at 12 s, the stale read is invoked at 15 s
        List<String> lines = List.of(
                "{\"index\":0,\"time\":" + 11 * S + ",\"process\":\"nemesis\",\"type\":\"info\",\"f\":\"start-partition\",\"value\":\"one\"}",
                "{\"index\":1,\"time\":" + 12 * S + ",\"process\":1,\"type\":\"invoke\",\"f\":\"write\",\"value\":1}",
                "{\"index\":2,\"time\":" + 13 * S + ",\"process\":1,\"type\":\"ok\",\"f\":\"write\",\"value\":1}",
                "{\"index\":3,\"time\":" + 15 * S + ",\"process\":2,\"type\":\"invoke\",\"f\":\"read\",\"value\":null}",
                "{\"index\":4,\"time\":" + 16 * S + ",\"process\":2,\"type\":\"ok\",\"f\":\"read\",\"value\":0}");
        Files.writeString(RunDir.at(run).history(), String.join("\n", lines) + "\n");
        History h = dev.faultline.checkers.history.HistoryFiles.read(RunDir.at(run).history());
        CheckResult r = new LinearizabilityChecker(Models.byName("cas-register"), 0L, new Budget(Duration.ofSeconds(10), 1_000_000)).check(h);
        assertThat(r.validity()).isEqualTo(Validity.INVALID);
        assertThat(FirstAnomaly.seconds(r, run)).hasValue(3.0);
    }

    @Test
    void nothingForAValidResultOrAMissingHistory() {
        assertThat(FirstAnomaly.seconds(CheckResult.of("x", Validity.VALID, "fine"), run)).isEmpty();
        assertThat(FirstAnomaly.seconds(CheckResult.of("x", Validity.INVALID, "no ops named"), run)).isEmpty();
        assertThat(FirstAnomaly.seconds(new CheckResult("x", Validity.INVALID, "bad", null, List.of()), null)).isEmpty();
    }
}
