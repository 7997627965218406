package dev.faultline.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.Op;
import dev.faultline.checkers.history.OpType;
import dev.faultline.checkers.result.CheckResult;
import dev.faultline.checkers.result.Validity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Availability per f inside and outside fault windows, and --min-availability. */
class AvailabilityTest {
    static final FaultKind PARTITION = new FaultKind("partition", "start-partition", "stop-partition");

    private final List<Op> ops = new ArrayList<>();
    private long t;

    private void nemesis(String f) {
        ops.add(new Op(-1, t += 1_000, Op.NEMESIS, OpType.INVOKE, f, null, null, null));
        ops.add(new Op(-1, t += 1_000, Op.NEMESIS, OpType.INFO, f, null, Map.of("n1", List.of("n2")), null));
    }

    private void client(String f, OpType outcome) {
        Op invoke = Op.invoke(0, f, null, null).withTime(t += 1_000);
        ops.add(invoke);
        Op done = switch (outcome) {
            case OK -> invoke.ok(1L);
            case FAIL -> invoke.fail("refused");
            default -> invoke.info("timeout");
        };
        ops.add(done.withTime(t += 1_000));
    }

    private History history() {
        ops.clear();
        t = 0;
        // outside: 3 reads ok, 1 write ok; inside the partition: 1 read ok, 1 read fail, 2 writes info; outside again: 1 write fail
        client("read", OpType.OK);
        client("read", OpType.OK);
        client("read", OpType.OK);
        client("write", OpType.OK);
        nemesis("start-partition");
        client("read", OpType.OK);
        client("read", OpType.FAIL);
        client("write", OpType.INFO);
        client("write", OpType.INFO);
        nemesis("stop-partition");
        client("write", OpType.FAIL);
        ops.add(Op.invoke(1, "read", null, null).withTime(t += 1_000)); // never completed: info, outside
        return History.of(ops);
    }

    @Test
    void countsEveryFInsideAndOutsideFaultWindows() {
        Availability.Detail d = Availability.measure(history(), List.of(PARTITION), null);
        assertThat(d.faultWindows()).isEqualTo(1);
        assertThat(d.ops()).extracting(Availability.Row::f).containsExactly("read", "write");
        Availability.Row read = d.ops().get(0);
        assertThat(read.outside()).isEqualTo(Availability.Counts.of(3, 0, 1));
        assertThat(read.inside()).isEqualTo(Availability.Counts.of(1, 1, 0));
        assertThat(read.inside().fraction()).isEqualTo(0.5);
        Availability.Row write = d.ops().get(1);
        assertThat(write.inside().fraction()).isEqualTo(0.0);
        assertThat(write.outside().fraction()).isEqualTo(0.5);
        assertThat(d.all()).isEqualTo(Availability.Counts.of(5, 2, 3));
    }

    @Test
    void minAvailabilityMakesALowServingRunInvalidWithThatReason() {
        CheckResult low = Availability.check(history(), List.of(PARTITION), 0.9);
        assertThat(low.validity()).isEqualTo(Validity.INVALID);
        assertThat(low.summary()).contains("served 50.0% of 10 client ops").contains("below --min-availability 0.9");
        assertThat(Availability.check(history(), List.of(PARTITION), 0.5).validity()).isEqualTo(Validity.VALID);
        assertThat(Availability.check(history(), List.of(PARTITION), null).validity()).isEqualTo(Validity.VALID);
        assertThatThrownBy(() -> Availability.check(history(), List.of(PARTITION), 1.5)).hasMessageContaining("between 0 and 1");
    }

    @Test
    void landsInResultsJsonAndTheReport(@TempDir Path dir) throws Exception {
        History h = history();
        CheckResult root = CheckResult.compose("run", "x", List.of(CheckResult.of("linearizable", Validity.VALID, "fine"),
                Availability.check(h, List.of(PARTITION), null)));
        RunReports.write(dir, h, root, RunRecord.named("t"));
        String results = Files.readString(dir.resolve("results.json"));
        assertThat(results).contains("\"checker\" : \"availability\"").contains("\"f\" : \"write\"").contains("\"fraction\" : 0.5");
        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html).contains("id=\"availability\"").contains("<td>write</td>");
    }
}
