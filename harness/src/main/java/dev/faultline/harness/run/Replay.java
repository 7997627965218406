package dev.faultline.harness.run;

import dev.faultline.harness.generator.Generator;
import dev.faultline.harness.generator.Generators;
import dev.faultline.harness.generator.OffsetSchedule;
import dev.faultline.harness.spi.TestOptions;
import dev.faultline.results.RecordedSchedule;
import dev.faultline.results.RunRecord;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * {@code faultline test --replay RUN_DIR}: the recorded run's options and seed
 * ({@link RunRecord}), with its nemesis packages' main-phase generators replaced by the schedule
 * the run actually carried out ({@link RecordedSchedule}: every fault op with its f, value and
 * offset from the main phase's start). The packages' nemeses, final generators and the heal are
 * the usual ones, and the nemeses are seeded as before, so their own random choices (which node is
 * "one") come out the same when the ops arrive in the same order. The run's results say how
 * closely it followed the schedule ({@link RunChecks#withReplayOf}). The recorded client timeout is
 * kept, so an op is given up on after the same time as before.
 */
public final class Replay {
    private Replay() {
    }

    /** The options of the recorded run. */
    public static TestOptions options(RunRecord r) {
        return new TestOptions(r.name(), r.target(), r.workload(), r.nemeses(), r.nodeCount(), r.concurrency(), r.timeLimit(),
                r.nemesisInterval(), r.seed(), r.unsafe() == null ? java.util.Set.of() : new LinkedHashSet<>(r.unsafe()),
                r.params() == null ? Map.of() : r.params());
    }

    /**
     * The replay as a run, prepared like any other ({@link TestRun#prepare}: the recorded names are
     * resolved again, so a target or plugin that is gone is an error naming it).
     */
    public static TestRun prepare(Registry registry, RecordedSchedule schedule, RunChecks checks) {
        return prepare(registry, schedule, checks, null);
    }

    /** As {@link #prepare(Registry, RecordedSchedule, RunChecks)}, stored under {@code testName} (null: the recorded run's name). */
    public static TestRun prepare(Registry registry, RecordedSchedule schedule, RunChecks checks, String testName) {
        TestOptions o = options(schedule.record());
        TestOptions options = testName == null ? o : new TestOptions(testName, o.target(), o.workload(), o.nemeses(), o.nodes(),
                o.concurrency(), o.timeLimit(), o.nemesisInterval(), o.seed(), o.unsafe(), o.params());
        return TestRun.prepare(registry, options)
                .withClientTimeout(schedule.record().clientTimeout())
                .withNemesisSchedule(generator(schedule))
                .withChecks(checks.withReplayOf(schedule));
    }

    /**
     * The recorded ops at their offsets. The runner starts the nemesis schedule one nemesis interval
     * into the main phase; that interval is the lead-in, so offsets count from the main phase's start.
     * The schedule stays open for the recorded time limit, as the recorded (endless) one did.
     */
    public static Generator generator(RecordedSchedule schedule) {
        List<OffsetSchedule.Entry> entries = new ArrayList<>();
        for (RecordedSchedule.Fault f : schedule.faults()) {
            entries.add(new OffsetSchedule.Entry(f.offset(), f.invocation().f(), f.invocation().value()));
        }
        return Generators.nemesis(OffsetSchedule.of(entries, schedule.record().nemesisInterval(), schedule.record().timeLimit()));
    }
}
