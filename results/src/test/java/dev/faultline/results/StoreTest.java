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
import java.util.Map;
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
                Map.of("name", "bank", "target", "twopc-bank", "workload", "bank", "nemeses", List.of("partition")));
        RunReports.write(newer, h, CheckResult.of("linearizable", Validity.INVALID, "key k1 is not linearizable"),
                Map.of("name", "register", "target", "raft-kv", "workload", "register", "nemeses", List.of("kill", "pause")));

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
        RunReports.write(dir, h, CheckResult.of("linearizable", Validity.VALID, "ok"), Map.of("name", "adhoc"));
        assertThat(dir.resolve("report.html")).exists();
        assertThat(dir.resolve("history.jsonl")).exists();
        assertThat(tmp.resolve("index.html")).doesNotExist();
        assertThat(RunReports.isStoreRun(tmp.resolve("store/t/20261123T092406.123"))).isTrue();
    }
}
