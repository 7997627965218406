package dev.faultline.cli;

import dev.faultline.checkers.result.CheckResult;
import dev.faultline.checkers.result.Validity;
import dev.faultline.harness.run.RunOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class RepeatedRunsTest {
    @TempDir
    Path tmp;

    private static RunOutcome completed(Path dir, Validity v, String summary) {
        return new RunOutcome(dir, RunOutcome.Status.COMPLETED, CheckResult.of("linearizable", v, summary), null);
    }

    @Test
    void talliesEveryRunAndKeepsTheWorstExitCode() throws Exception {
        RepeatedRuns runs = new RepeatedRuns("raft-kv-register");
        runs.add(1, completed(tmp.resolve("a"), Validity.VALID, "2 keys linearizable"));
        runs.add(2, completed(tmp.resolve("b"), Validity.INVALID, "k3: stale read <of> 4"));
        runs.add(3, completed(tmp.resolve("c"), Validity.UNKNOWN, "state budget ran out"));
        runs.add(4, new RunOutcome(tmp.resolve("d"), RunOutcome.Status.CRASHED, null, "setup failed on n2"));
        assertThat(runs.summary()).isEqualTo("4 runs: 1 valid, 1 invalid, 1 unknown, 1 crashed");
        assertThat(runs.exitCode()).isEqualTo(ExitCodes.CRASH);

        Path junit = tmp.resolve("junit.xml");
        runs.writeJunit(junit);
        String xml = Files.readString(junit);
        assertThat(xml).contains("tests=\"4\" failures=\"1\" errors=\"2\"")
                .contains("name=\"seed 2\">\n      <failure message=\"k3: stale read &lt;of&gt; 4\">run: " + tmp.resolve("b"))
                .contains("<error message=\"the run crashed\">setup failed on n2");
    }

    @Test
    void invalidOutranksUnknown() {
        RepeatedRuns runs = new RepeatedRuns("t");
        runs.add(1, completed(tmp, Validity.UNKNOWN, "u"));
        runs.add(2, completed(tmp, Validity.INVALID, "i"));
        runs.add(3, completed(tmp, Validity.VALID, "v"));
        assertThat(runs.exitCode()).isEqualTo(ExitCodes.INVALID);
    }
}
