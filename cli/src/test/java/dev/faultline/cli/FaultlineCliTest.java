package dev.faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaultlineCliTest {
    @TempDir Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return FaultlineCli.run(new PrintWriter(out), new PrintWriter(err), args);
    }

    private static Path knossos(String name) {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path p = d.resolve("shared/data/knossos").resolve(name);
            if (Files.exists(p)) return p;
        }
        throw new IllegalStateException("cannot find shared/data/knossos/" + name);
    }

    @Test
    void theCdsTrainingRunExercisesTheQuickCommandsAndSucceeds() {
        assertThat(run("cds-training")).isZero();
        assertThat(out.toString()).isEmpty(); // the launcher discards it anyway; nothing leaks
    }

    @Test
    void checkPrintsOneLinePerFileAndTheWorstVerdictWins() {
        int code = run("check", "--model", "cas-register", "--initial", "0",
                knossos("cas-register/good/memstress3-1.edn").toString(), knossos("cas-register/bad/cas-failure.edn").toString());
        assertThat(code).isEqualTo(1);
        String[] lines = out.toString().strip().split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).startsWith("valid ").contains("memstress3-1.edn");
        assertThat(lines[1]).startsWith("invalid ").contains("process 70: read -> ok 0 (op 491)");
    }

    @Test
    void validIsZero() {
        assertThat(run("check", "--initial", "0", knossos("cas-register/good/memstress3-1.edn").toString())).isEqualTo(0);
    }

    @Test
    void jsonGivesOneObjectPerFile() throws Exception {
        int code = run("check", "--json", "-m", "multi-register", "--initial", "{:x 0 :y 0}",
                knossos("multi-register/good/multi-register.edn").toString());
        assertThat(code).isEqualTo(0);
        JsonNode n = new ObjectMapper().readTree(out.toString().strip());
        assertThat(n.get("validity").asText()).isEqualTo("valid");
        assertThat(n.get("result").get("checker").asText()).isEqualTo("linearizable");
        assertThat(n.get("ops").asLong()).isPositive();
    }

    @Test
    void invalidJsonCarriesTheCounterexample() throws Exception {
        run("check", "--json", "--initial", "0", knossos("cas-register/bad/immediate-failure.edn").toString());
        JsonNode detail = new ObjectMapper().readTree(out.toString().strip()).get("result").get("detail");
        assertThat(detail.get("op").asLong()).isEqualTo(3);
        assertThat(detail.get("process").asText()).isEqualTo("1");
        assertThat(detail.get("states").isArray()).isTrue();
    }

    @Test
    void unreadableFileIsACrashAndOtherFilesAreStillChecked() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.jsonl"), "{\"process\":1,\"type\":\"invoke\",\"f\":\"read\"}\n{\"process\":1,\"type\":\"ok\",\"f\":7}\n{\"process\":1}\n");
        int code = run("check", bad.toString(), knossos("cas-register/good/memstress3-1.edn").toString());
        assertThat(code).isEqualTo(3);
        assertThat(out.toString()).contains("crash").contains("valid ");
        assertThat(err.toString()).contains(bad + " line 2: field 'f': expected a string");
    }

    @Test
    void truncatedLastLineIsCheckedUpToIt() throws Exception {
        Path cut = Files.writeString(dir.resolve("history.jsonl"), "{\"process\":1,\"type\":\"invoke\",\"f\":\"write\",\"value\":1}\n"
                + "{\"process\":1,\"type\":\"ok\",\"f\":\"write\",\"value\":1}\n{\"process\":2,\"type\":\"invo");
        assertThat(run("check", cut.toString())).isEqualTo(0);
        assertThat(err.toString()).contains("warning: ignoring the malformed last line").contains("line 3");
    }

    @Test
    void badOptionsAreExitCodeThree() {
        assertThat(run("check", "--model", "nope", knossos("cas-register/good/memstress3-1.edn").toString())).isEqualTo(3);
        assertThat(err.toString()).contains("unknown model 'nope'");
        assertThat(run("check")).isEqualTo(3);
        assertThat(run("frobnicate")).isEqualTo(3);
        assertThat(run("check", "--initial", "{:x", "f")).isEqualTo(3);
        assertThat(run("check", "--time-limit", "soon", "f")).isEqualTo(3);
    }

    @Test
    void missingFileIsACrash() {
        assertThat(run("check", dir.resolve("nope.jsonl").toString())).isEqualTo(3);
        assertThat(err.toString()).contains("nope.jsonl: no such file");
    }

    @Test
    void benchRunsASmallCaseWithTheExpectedVerdict() {
        assertThat(run("bench", "checker", "--only", "p5 1k")).isEqualTo(0);
        assertThat(out.toString()).contains("cas-register p5 1k ").contains("cas-register p5 1k anomaly");
    }

    @Test
    void helpListsTheSubcommands() {
        assertThat(run("--help")).isEqualTo(0);
        assertThat(out.toString()).contains("check").contains("bench");
    }
}
