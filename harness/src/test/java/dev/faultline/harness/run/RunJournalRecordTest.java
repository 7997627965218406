package dev.faultline.harness.run;

import dev.faultline.checkers.result.Validity;
import dev.faultline.harness.spi.TestOptions;
import dev.faultline.results.RunDir;
import dev.faultline.results.RunRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** test.json holds what {@code --replay} needs besides the options: the target file and the run-level checks. */
class RunJournalRecordTest {
    @TempDir
    Path tmp;

    private static final TestOptions OPTIONS = new TestOptions("kv-file-register", "kv-file", "register", List.of("partition"), 3, 2,
            Duration.ofSeconds(5), Duration.ofSeconds(1), 9, Set.of("stale-read"), Map.of());

    private RunRecord written(RunSettings settings) throws Exception {
        Path runDir = tmp.resolve("run");
        try (RunJournal ignored = RunJournal.open(runDir, OPTIONS, settings, "docker", null)) {
            return RunRecord.read(RunDir.at(runDir).record());
        }
    }

    @Test
    void testJsonRecordsTheTargetFileAndTheRunChecks() throws Exception {
        RunChecks checks = new RunChecks(List.of("panic: .*"), Validity.UNKNOWN, 0.9);
        Path file = tmp.resolve("targets/kv.yaml");
        RunRecord r = written(RunnerTest.settings().withChecks(checks).withTargetFile(file));
        assertThat(r.targetFile()).isEqualTo(file.toString());
        assertThat(r.checks()).isEqualTo(new RunRecord.Checks(List.of("panic: .*"), "unknown", 0.9));
        assertThat(RunChecks.of(r.checks())).isEqualTo(checks);
        assertThat(r.unsafe()).containsExactly("stale-read");
    }

    @Test
    void aBuiltInTargetRecordsNoFileAndTheDefaultChecks() throws Exception {
        RunRecord r = written(RunnerTest.settings());
        assertThat(r.targetFile()).isNull();
        assertThat(r.checks()).isEqualTo(new RunRecord.Checks(List.of(), "invalid", null));
        assertThat(RunChecks.of(r.checks())).isEqualTo(RunChecks.defaults());
        assertThat(RunChecks.of(null)).as("a record older than the checks field").isNull();
    }
}
