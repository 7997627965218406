package dev.faultline.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.Op;
import dev.faultline.checkers.result.CheckResult;
import dev.faultline.checkers.result.Validity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreTest {
    @TempDir Path tmp;

    @Test
    void newRunCreatesTimestampedDirectoryAndPointsLatestAtIt() throws Exception {
        Clock fixed = Clock.fixed(Instant.parse("2026-11-23T09:24:06.123Z"), ZoneOffset.UTC);
        Store store = Store.at(tmp.resolve("store"), fixed);
        Path first = store.newRun("raft kv/register");
        Path second = store.newRun("raft kv/register");

        assertThat(first).isEqualTo(tmp.resolve("store/raft-kv-register/20261123T092406.123"));
        assertThat(second.getFileName()).hasToString("20261123T092406.124");
        Path latest = tmp.resolve("store/latest");
        assertThat(Files.isSymbolicLink(latest)).isTrue();
        assertThat(latest.toRealPath()).isEqualTo(second.toRealPath());
    }

    @Test
    void rejectsTestNamesThatCannotBeDirectories() {
        Store store = Store.at(tmp);
        assertThatThrownBy(() -> store.newRun("  ")).hasMessageContaining("empty");
        assertThatThrownBy(() -> store.newRun("..")).hasMessageContaining("'..'");
    }

    @Test
    void indexListsEveryRunNewestFirstWithVerdicts() throws Exception {
        Store store = Store.at(tmp, Clock.fixed(Instant.parse("2026-11-23T09:00:00Z"), ZoneOffset.UTC));
        Path older = store.newRun("bank");
        Store later = Store.at(tmp, Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC));
        Path newer = later.newRun("register");
        History h = History.of(List.of(Op.invoke(0, "read", "k", null), Op.invoke(0, "read", "k", null).ok(1L)));
        RunReports.write(older, h, CheckResult.of("bank", Validity.VALID, "all totals 100"),
                RunRecord.of("bank", RunRecord.Status.COMPLETED, "twopc-bank", "bank", List.of("partition")));
        RunReports.write(newer, h, CheckResult.of("linearizable", Validity.INVALID, "key k1 is not linearizable"),
                RunRecord.of("register", RunRecord.Status.COMPLETED, "raft-kv", "register", List.of("kill", "pause")));

        List<RunSummary> runs = store.runs();
        assertThat(runs).extracting(RunSummary::testName).containsExactly("register", "bank");
        assertThat(runs).extracting(RunSummary::verdict).containsExactly("invalid", "valid");
        String index = Files.readString(tmp.resolve("index.html"));
        assertThat(index).contains("register/20261123T100000.000/report.html", "bank/20261123T090000.000/report.html",
                "kill, pause", "twopc-bank", "v-invalid");
        assertThat(index.indexOf("register/2026")).isLessThan(index.indexOf("bank/2026"));
    }

    @Test
    void reportsOutsideAStoreDoNotTouchAnIndex() throws Exception {
        Path dir = tmp.resolve("somewhere/else");
        History h = History.of(List.of(Op.invoke(0, "read", "k", null), Op.invoke(0, "read", "k", null).ok(1L)));
        RunReports.write(dir, h, CheckResult.of("linearizable", Validity.VALID, "ok"), RunRecord.named("adhoc"));
        assertThat(dir.resolve("report.html")).exists();
        assertThat(dir.resolve("history.jsonl")).exists();
        assertThat(tmp.resolve("index.html")).doesNotExist();
        assertThat(Store.of(tmp.resolve("store/t/20261123T092406.123"))).map(Store::root).contains(tmp.resolve("store"));
        assertThat(Store.of(dir)).isEmpty();
    }

    @Test
    void runsRecordedBeforeTheTypedRecordStillList() throws Exception {
        // test.json exactly as the runner wrote it before RunRecord (an interrupted run of an older version).
        Path run = tmp.resolve("raft-kv-register/20261120T080000.000");
        Files.createDirectories(run);
        Files.writeString(run.resolve("test.json"), """
                {"name":"raft-kv-register","status":"interrupted","error":"the controller was interrupted; the run did not finish",
                 "target":"raft-kv","workload":"register","nemeses":["partition"],"nodes":["n1","n2","n3"],"nodeCount":3,
                 "concurrency":5,"timeLimitSeconds":20.1,"nemesisIntervalSeconds":5.0,"seed":7,"unsafe":["stale-read"],
                 "params":{"partition.mode":"majority"},"interrupted":true,
                 "options":{"nodes":3,"concurrency":5,"timeLimitSeconds":20.1,"seed":7,"clientTimeoutMs":5000,"nemesisTimeoutMs":30000},
                 "startTime":"2026-11-20T08:00:00.000Z","endTime":"2026-11-20T08:00:12.250Z",
                 "phaseSeconds":{"setup":4.5},"versions":{"faultline":"dev","java":"17.0.9","os":"Linux"},
                 "ops":{"invocations":12,"ok":9,"fail":1,"info":2,"currentFault":"partition"}}
                """);
        Files.writeString(run.resolve("results.json"), "{\"checker\":\"run\",\"validity\":\"unknown\",\"summary\":\"the run interrupted\"}");
        // and one older still: no status, only the interrupted flag
        Path older = tmp.resolve("bank/20261119T080000.000");
        Files.createDirectories(older);
        Files.writeString(older.resolve("test.json"), "{\"name\":\"bank\",\"interrupted\":true,\"start\":\"2026-11-19T08:00:00Z\"}");

        List<RunSummary> runs = Store.at(tmp).runs();
        assertThat(runs).extracting(RunSummary::testName).containsExactly("raft-kv-register", "bank");
        assertThat(runs).extracting(RunSummary::status).containsExactly("interrupted", "interrupted");
        assertThat(runs.get(0).duration()).hasMillis(12_250);
        assertThat(runs.get(0).nemeses()).containsExactly("partition");

        RunRecord r = RunRecord.read(run.resolve("test.json"));
        assertThat(r.timeLimit()).hasMillis(20_100);
        assertThat(r.ops()).isEqualTo(new RunRecord.OpCounts(12, 9, 1, 2));
        assertThat(r.faults()).as("declared no fault kinds: the report guesses").isNull();
        assertThat(r.targetFile()).as("a record older than the target file field").isNull();
        assertThat(r.checks()).as("a record older than the checks field").isNull();
    }

    @Test
    void theIndexAndTheReportHeaderNameTheUnsafeSwitches() throws Exception {
        Store store = Store.at(tmp);
        Path buggy = store.newRun("raft-kv-register");
        Path safe = store.newRun("raft-kv-register");
        History h = History.of(List.of(Op.invoke(0, "read", "k", null), Op.invoke(0, "read", "k", null).ok(1L)));
        RunRecord unsafeRecord = Json.mapper().readValue("""
                {"name":"raft-kv-register","status":"completed","target":"raft-kv","workload":"register",
                 "nemeses":["partition"],"unsafe":["stale-read"]}""", RunRecord.class);
        RunReports.write(buggy, h, CheckResult.of("linearizable", Validity.INVALID, "key k is not linearizable"), unsafeRecord);
        RunReports.write(safe, h, CheckResult.of("linearizable", Validity.INVALID, "key k is not linearizable"),
                RunRecord.of("raft-kv-register", RunRecord.Status.COMPLETED, "raft-kv", "register", List.of("partition")));

        List<RunSummary> runs = store.runs();
        assertThat(runs).extracting(RunSummary::unsafe).containsExactlyInAnyOrder(List.of("stale-read"), List.of());
        String index = Files.readString(tmp.resolve("index.html"));
        assertThat(index).containsOnlyOnce("unsafe: stale-read");
        assertThat(Files.readString(buggy.resolve("report.html"))).contains("id=\"unsafe\"").contains("unsafe: stale-read")
                .contains("--unsafe stale-read");
        assertThat(Files.readString(safe.resolve("report.html"))).doesNotContain("id=\"unsafe\"").contains("safe (no --unsafe switch)");
    }

    @Test
    void aRunRecordReadsBackAsItWasWritten() {
        RunRecord r = SampleRuns.info("round-trip");
        Path file = tmp.resolve("test.json");
        r.write(file);
        assertThat(RunRecord.read(file)).isEqualTo(r);
    }

    @Test
    void aRunRecordKeepsTheTargetFileAndTheRunChecksForAReplay() throws Exception {
        RunRecord r = SampleRuns.info("from-a-file");
        RunRecord.Checks checks = new RunRecord.Checks(List.of("panic: .*", "FATAL"), "unknown", 0.75);
        r = new RunRecord(r.name(), r.status(), r.error(), r.source(), "kv-file", r.workload(), r.nemeses(), r.nodes(), r.nodeCount(),
                r.concurrency(), r.timeLimit(), r.nemesisInterval(), r.seed(), List.of("stale-read"), r.params(), r.provisioner(),
                r.clientTimeout(), r.nemesisTimeout(), r.startTime(), r.endTime(), r.phaseSeconds(), r.versions(), r.ops(), r.faults(),
                "/home/u/targets/kv.yaml", checks);
        Path file = tmp.resolve("test.json");
        r.write(file);
        var json = Json.mapper().readTree(file.toFile());
        assertThat(json.path("targetFile").asText()).isEqualTo("/home/u/targets/kv.yaml");
        assertThat(json.path("checks").toString())
                .isEqualTo("{\"logPatterns\":[\"panic: .*\",\"FATAL\"],\"logVerdict\":\"unknown\",\"minAvailability\":0.75}");
        RunRecord back = RunRecord.read(file);
        assertThat(back).isEqualTo(r);
        assertThat(back.targetFile()).isEqualTo("/home/u/targets/kv.yaml");
        assertThat(back.checks()).isEqualTo(checks);

        Files.writeString(file, "{\"name\":\"x\",\"status\":\"completed\",\"checks\":{\"logVerdict\":\"invalid\"}}");
        assertThat(RunRecord.read(file).checks()).isEqualTo(new RunRecord.Checks(List.of(), "invalid", null));
    }

    @Test
    void anUnreadableRunRecordNamesTheFileAndField() throws Exception {
        Path file = Files.writeString(tmp.resolve("test.json"), "{\"name\":\"x\",\"status\":\"exploded\"}");
        assertThatThrownBy(() -> RunRecord.read(file)).hasMessageContaining(file.toString()).hasMessageContaining("exploded")
                .hasMessageContaining("status");
    }
}
