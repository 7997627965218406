package dev.faultline.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faultline.checkers.result.CheckResult;
import dev.faultline.checkers.result.Validity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogScanTest {
    private static final List<LogScan.Source> PATTERNS = List.of(
            new LogScan.Source(LogScan.compile("test", "\\bpanic:"), "target t"),
            new LogScan.Source(LogScan.compile("test", "Exception\\b"), "target t"),
            new LogScan.Source(LogScan.compile("test", "(?i)data corruption"), "--log-pattern"));

    @TempDir
    Path run;

    private void log(String node, String file, String text) throws Exception {
        Path p = RunDir.at(run).node(node).resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    @Test
    void listsEveryMatchWithNodeFileAndLine() throws Exception {
        log("n1", "server.log", "starting\nleader elected\n");
        log("n2", "server.log", "starting\njava.lang.IllegalStateException: boom\n\tat x.y(Z.java:1)\nfine\nDATA CORRUPTION in segment 7\n");
        log("n3", "stderr.log", "panic: runtime error: index out of range\n");

        CheckResult r = LogScan.check(run, PATTERNS, Validity.INVALID);

        assertThat(r.validity()).isEqualTo(Validity.INVALID);
        assertThat(r.summary()).startsWith("3 log lines match a failure pattern, first n2 server.log:2: java.lang.IllegalStateException");
        LogScan.Detail d = (LogScan.Detail) r.detail();
        assertThat(d.filesScanned()).isEqualTo(3);
        assertThat(d.matches()).extracting(LogScan.Match::node, LogScan.Match::file, LogScan.Match::line, LogScan.Match::from)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("n2", "server.log", 2L, "target t"),
                        org.assertj.core.groups.Tuple.tuple("n2", "server.log", 5L, "--log-pattern"),
                        org.assertj.core.groups.Tuple.tuple("n3", "stderr.log", 1L, "target t"));
        assertThat(d.matches().get(1).text()).isEqualTo("DATA CORRUPTION in segment 7");
    }

    @Test
    void unknownByChoiceAndValidWithoutMatches() throws Exception {
        log("n1", "server.log", "Exception\n");
        assertThat(LogScan.check(run, PATTERNS, Validity.UNKNOWN).validity()).isEqualTo(Validity.UNKNOWN);
        Files.writeString(RunDir.at(run).node("n1").resolve("server.log"), "all good\n");
        CheckResult clean = LogScan.check(run, PATTERNS, Validity.INVALID);
        assertThat(clean.validity()).isEqualTo(Validity.VALID);
        assertThat(clean.summary()).isEqualTo("no line of 1 node log files matches 3 patterns");
    }

    @Test
    void matchesAreBoundedButCounted() throws Exception {
        log("n1", "big.log", "Exception\n".repeat(LogScan.MAX_MATCHES + 5));
        CheckResult r = LogScan.check(run, PATTERNS, Validity.INVALID);
        LogScan.Detail d = (LogScan.Detail) r.detail();
        assertThat(d.count()).isEqualTo(LogScan.MAX_MATCHES + 5);
        assertThat(d.matches()).hasSize(LogScan.MAX_MATCHES);
    }

    @Test
    void aBadRegexIsNamed() {
        assertThatThrownBy(() -> LogScan.compile("--log-pattern", "(oops")).hasMessageContaining("--log-pattern '(oops': not a regular expression");
    }

    @Test
    void matchesAreShownInTheReport() throws Exception {
        log("n2", "server.log", "x\npanic: <oops>\n");
        CheckResult root = CheckResult.compose("run", "s", List.of(LogScan.check(run, PATTERNS, Validity.INVALID)));
        RunReports.write(run, dev.faultline.checkers.history.History.of(List.of()), root, RunRecord.named("t"));
        String html = Files.readString(run.resolve("report.html"));
        assertThat(html).contains("id=\"log-patterns\"").contains("server.log:2").contains("panic: &lt;oops&gt;");
        assertThat(Files.readString(run.resolve("results.json"))).contains("\"line\" : 2").contains("\"node\" : \"n2\"");
    }
}
