package dev.faultline.checkers.linearizable;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.HistoryFiles;
import dev.faultline.checkers.history.KnossosData;
import dev.faultline.checkers.model.Models;
import dev.faultline.checkers.result.CheckResult;
import dev.faultline.checkers.result.Validity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every history published with Knossos gets its known verdict. */
class KnossosVerdictTest {
    private static final Budget BUDGET = new Budget(Duration.ofSeconds(60), 20_000_000);

    static Stream<Path> casRegisterGood() throws Exception {
        return list("cas-register/good");
    }

    static Stream<Path> casRegisterBad() throws Exception {
        return list("cas-register/bad");
    }

    /**
     * Knossos calls a history whose ops all failed valid (trivially linearizable); Faultline calls it
     * unknown, "the cluster never served" (docs/checkers.md). Four published good histories are such.
     */
    private static final List<String> NEVER_SERVED = List.of("mongodb-v0-ack-rollback-.edn",
            "mongodb-v0-ack-rollback-10.edn", "mongodb-v0-ack-rollback-11.edn", "mongodb-v0-ack-rollback-9.edn");

    @ParameterizedTest
    @MethodSource("casRegisterGood")
    void goodCasRegisterHistoriesAreLinearizable(Path file) {
        CheckResult r = check(file, "cas-register", 0L);
        if (NEVER_SERVED.contains(file.getFileName().toString())) {
            assertThat(r.validity()).as(file + ": " + r.summary()).isEqualTo(Validity.UNKNOWN);
            assertThat(r.summary()).contains("the cluster never served");
        } else {
            assertThat(r.validity()).as(file + ": " + r.summary()).isEqualTo(Validity.VALID);
        }
    }

    @ParameterizedTest
    @MethodSource("casRegisterBad")
    void badCasRegisterHistoriesAreNot(Path file) {
        CheckResult r = check(file, "cas-register", 0L);
        assertThat(r.validity()).as(file + ": " + r.summary()).isEqualTo(Validity.INVALID);
        assertThat(r.detail()).isInstanceOf(LinearizabilityFailure.class);
    }

    @Test
    void casFailureNamesTheReadOfZeroByProcess70() {
        LinearizabilityFailure f = failure("cas-register/bad/cas-failure.edn");
        assertThat(f.op()).isEqualTo(491);
        assertThat(f.process()).isEqualTo("70");
        assertThat(f.description()).isEqualTo("process 70: read -> ok 0");
        assertThat(f.states()).hasSize(f.linearized().size() + 1);
        assertThat(f.statesBefore()).isNotEmpty().doesNotContain("0");
    }

    @Test
    void immediateFailureNamesTheReadOfThreeByProcess1() {
        LinearizabilityFailure f = failure("cas-register/bad/immediate-failure.edn");
        assertThat(f.op()).isEqualTo(3);
        assertThat(f.process()).isEqualTo("1");
        assertThat(f.description()).isEqualTo("process 1: read -> ok 3");
    }

    @Test
    void multiRegisterHistoryIsLinearizable() throws Exception {
        for (Path file : list("multi-register/good").toList()) {
            CheckResult r = check(file, "multi-register", Map.of("x", 0L, "y", 0L));
            assertThat(r.validity()).as(file + ": " + r.summary()).isEqualTo(Validity.VALID);
        }
    }

    @Test
    void etcdMutexHistoryIsNot() throws Exception {
        for (Path file : list("mutex/bad").toList()) {
            CheckResult r = check(file, "mutex", null);
            assertThat(r.validity()).as(file + ": " + r.summary()).isEqualTo(Validity.INVALID);
        }
    }

    private static LinearizabilityFailure failure(String name) {
        CheckResult r = check(KnossosData.root().resolve(name), "cas-register", 0L);
        assertThat(r.validity()).as(r.summary()).isEqualTo(Validity.INVALID);
        return (LinearizabilityFailure) r.detail();
    }

    private static CheckResult check(Path file, String model, Object initial) {
        History h = HistoryFiles.read(file);
        return new LinearizabilityChecker(Models.byName(model), initial, BUDGET).check(h);
    }

    private static Stream<Path> list(String dir) throws Exception {
        try (Stream<Path> s = Files.list(KnossosData.root().resolve(dir))) {
            List<Path> files = s.filter(p -> p.toString().endsWith(".edn")).sorted().toList();
            assertThat(files).isNotEmpty();
            return files.stream();
        }
    }
}
