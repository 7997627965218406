package dev.faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.results.RunDir;
import dev.faultline.results.RunRecord;
import dev.faultline.results.Store;
import dev.faultline.results.testing.Chromium;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code faultline check --report}: the report a run gets, for any checked file, in the store or a given directory. */
class CheckReportTest {
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    @TempDir Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return FaultlineCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    static Path knossos(String name) {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path p = d.resolve("shared/data/knossos").resolve(name);
            if (Files.exists(p)) return p;
        }
        throw new IllegalStateException("cannot find shared/data/knossos/" + name);
    }

    private static List<Path> runsOf(Path testDir) throws Exception {
        try (Stream<Path> s = Files.list(testDir)) {
            return s.filter(Files::isDirectory).toList();
        }
    }

    @Test
    @Tag("browser")
    void anImportedKnossosHistoryGetsTheRunReportInTheStoreWithItsCounterexample() throws Exception {
        Chromium chromium = Chromium.required(Files.createDirectories(tmp.resolve("chromium")));
        Path store = tmp.resolve("store");
        Path edn = knossos("cas-register/bad/cas-failure.edn");

        int code = run("check", "--report", "--store", store.toString(), "--initial", "0", edn.toString());

        assertThat(code).as("stderr: %s", err).isEqualTo(1);
        List<Path> runs = runsOf(store.resolve("check-cas-failure"));
        assertThat(runs).hasSize(1);
        RunDir dir = RunDir.at(runs.get(0));
        assertThat(err.toString()).contains("report " + dir.report());
        RunRecord record = RunRecord.read(dir.record());
        assertThat(record.status()).isEqualTo(RunRecord.Status.CHECKED);
        assertThat(record.source()).isEqualTo(edn.toAbsolutePath().normalize().toString());
        assertThat(record.target()).isEqualTo("cas-failure.edn");
        assertThat(record.workload()).isEqualTo("cas-register");
        assertThat(dir.history()).exists();
        assertThat(dir.results()).exists();
        assertThat(dir.junit()).exists();
        assertThat(Store.at(store).runs()).singleElement().satisfies(r -> {
            assertThat(r.testName()).isEqualTo("check-cas-failure");
            assertThat(r.verdict()).isEqualTo("invalid");
            assertThat(r.status()).isEqualTo("checked");
            assertThat(r.hasReport()).isTrue();
        });

        Chromium.Page page = chromium.dumpDom(dir.report());
        assertThat(page.console()).as("console messages").isEmpty();
        assertThat(page.dom()).as("DOM of the report after scripts ran (see target/screenshots)")
                .contains("data-rendered=\"true\"", "checked from a file", "cas-register")
                .containsPattern("id=\"verdict\"[^>]*>invalid<")
                .contains("Read returned 0, but every linearization of the 179 ops before it leaves 2")
                .contains("class=\"cex-svg", "Model states before it", "Longest linearizable prefix (179 ops")
                .contains("id=\"timeline-canvas\"", "href=\"history.jsonl\"");
        chromium.screenshot(dir.report(), SCREENSHOTS.resolve("check-cas-failure.png"), 1400, 2400);

        Chromium.Page index = chromium.dumpDom(store.resolve(Store.INDEX));
        assertThat(index.console()).isEmpty();
        assertThat(index.dom()).contains("check-cas-failure/" + dir.name() + "/report.html", "checked", "cas-failure.edn");
    }

    @Test
    void severalFilesGetOneReportEachUnderTheGivenDirectory() throws Exception {
        Path reports = tmp.resolve("reports");
        int code = run("check", "--json", "--initial", "0", "--report", reports.toString(),
                knossos("cas-register/good/memstress3-1.edn").toString(), knossos("cas-register/bad/immediate-failure.edn").toString());

        assertThat(code).isEqualTo(1);
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = out.toString().strip().lines().map(l -> {
            try {
                return json.readTree(l);
            } catch (Exception e) {
                throw new IllegalStateException(l, e);
            }
        }).toList();
        assertThat(lines).extracting(n -> n.get("report").asText()).containsExactly(
                reports.resolve("memstress3-1/report.html").toString(), reports.resolve("immediate-failure/report.html").toString());
        assertThat(Files.readString(reports.resolve("immediate-failure/report.html"))).contains("Counterexample", "immediate-failure.edn");
        assertThat(RunRecord.read(reports.resolve("memstress3-1/test.json")).status()).isEqualTo(RunRecord.Status.CHECKED);
        assertThat(tmp.resolve("store")).as("an explicit DIR is not a store run").doesNotExist();
    }

    @Test
    void anExistingFileAfterReportIsAHistoryNotTheDirectory() throws Exception {
        Path store = tmp.resolve("store");
        Path edn = knossos("cas-register/good/memstress3-1.edn");
        int code = run("check", "--store", store.toString(), "--initial", "0", "--report", edn.toString());
        assertThat(code).as("stderr: %s", err).isZero();
        assertThat(runsOf(store.resolve("check-memstress3-1"))).singleElement()
                .satisfies(r -> assertThat(r.resolve("report.html")).exists());
        assertThat(store.resolve(Store.INDEX)).exists();
    }

    @Test
    void aRunDirectoryIsNotOverwrittenByACheck() throws Exception {
        Path run = tmp.resolve("run");
        RunRecord.of("raft-kv-register", RunRecord.Status.COMPLETED, "raft-kv", "register", List.of("partition"))
                .write(RunDir.at(run).record());
        int code = run("check", "--initial", "0", "--report", run.toString(), knossos("cas-register/good/memstress3-1.edn").toString());
        assertThat(code).isEqualTo(3);
        assertThat(err.toString()).contains("holds a run", "faultline report " + run);
        assertThat(RunRecord.read(RunDir.at(run).record()).status()).isEqualTo(RunRecord.Status.COMPLETED);
        assertThat(RunDir.at(run).report()).doesNotExist();
    }
}
