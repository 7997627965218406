package dev.faultline.results;

import dev.faultline.checkers.history.History;
import dev.faultline.checkers.history.HistoryException;
import dev.faultline.checkers.history.JsonlHistory;
import dev.faultline.checkers.history.Op;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The nemesis schedule a run actually carried out, read back from its run directory for
 * {@code faultline test --replay}: every fault op the nemesis invoked during the main phase, with
 * its offset from the start of the main phase and how it completed. The main phase starts with the
 * first client invocation (the workload's generator is asked at once; the nemesis waits one
 * interval) and lasts the record's {@code timeLimit}; ops of the heal and final phases and the
 * runner's own {@value FaultKind#HEAL_F} are not part of the schedule (a replay runs them anyway).
 *
 * @param runDir    the recorded run
 * @param record    its test.json: the options a replay repeats
 * @param mainStart history time (ns since the run began) at which the main phase began
 * @param faults    the main phase's nemesis invocations in order
 */
public record RecordedSchedule(Path runDir, RunRecord record, long mainStart, List<Fault> faults) {
    /**
     * One recorded nemesis op.
     *
     * @param offset     time from the main phase's start to the invocation
     * @param invocation the op as the generator emitted it (f and value are what a replay sends again)
     * @param completion how it completed, or null if it never did
     */
    public record Fault(Duration offset, Op invocation, Op completion) {
        /** The nodes the op reached: the keys of its completion's value that name a node of {@code nodes}. */
        public List<String> nodes(List<String> nodes) {
            if (completion == null || !(completion.value() instanceof Map<?, ?> m)) return List.of();
            TreeSet<String> out = new TreeSet<>();
            for (Object k : m.keySet()) if (nodes.contains(String.valueOf(k))) out.add(String.valueOf(k));
            return List.copyOf(out);
        }

        /** The completion's error (a fault that failed on some node), or null. */
        public String error() {
            return completion == null ? "never completed" : completion.error();
        }
    }

    public RecordedSchedule {
        faults = List.copyOf(faults);
    }

    /**
     * Reads test.json and history.jsonl of {@code runDir}.
     *
     * @throws IllegalArgumentException naming the file and what is missing or malformed
     */
    public static RecordedSchedule read(Path runDir) {
        RunDir files = RunDir.at(runDir);
        if (!Files.isDirectory(runDir)) throw new IllegalArgumentException(runDir + ": not a run directory");
        if (!Files.isRegularFile(files.record())) throw new IllegalArgumentException(files.record() + ": missing (not a run directory of faultline test?)");
        if (!Files.isRegularFile(files.history())) throw new IllegalArgumentException(files.history() + ": missing");
        RunRecord record = RunRecord.read(files.record());
        if (record.status() == RunRecord.Status.CHECKED) {
            throw new IllegalArgumentException(files.record() + ": a history checked from a file (" + record.source() + "), not a run: nothing to replay");
        }
        require(files.record(), "target", record.target());
        require(files.record(), "workload", record.workload());
        require(files.record(), "seed", record.seed());
        require(files.record(), "nodeCount", record.nodeCount());
        require(files.record(), "concurrency", record.concurrency());
        require(files.record(), "timeLimitSeconds", record.timeLimit());
        require(files.record(), "nemesisIntervalSeconds", record.nemesisInterval());
        History history;
        try {
            history = JsonlHistory.readPrefix(files.history()).history(); // an interrupted run's torn last line is left out
        } catch (HistoryException e) {
            throw new IllegalArgumentException(files.history() + ": " + e.getMessage(), e);
        }
        return of(runDir, record, history);
    }

    /** The schedule in {@code history}, the history of the run {@code record} describes. */
    public static RecordedSchedule of(Path runDir, RunRecord record, History history) {
        long mainStart = mainStart(history);
        long end = record.timeLimit() == null ? Long.MAX_VALUE : mainStart + record.timeLimit().toNanos();
        List<Fault> faults = new ArrayList<>();
        for (int i = 0; i < history.size(); i++) {
            Op op = history.get(i);
            if (!op.isNemesis() || !op.isInvoke() || op.f().equals(FaultKind.HEAL_F)) continue;
            if (op.time() < mainStart || op.time() >= end) continue;
            int c = history.completion(i);
            faults.add(new Fault(Duration.ofNanos(op.time() - mainStart), op, c < 0 ? null : history.get(c)));
        }
        return new RecordedSchedule(runDir, record, mainStart, faults);
    }

    /** The main phase's start: the first client invocation (else the first op; 0 for an empty history). */
    public static long mainStart(History history) {
        for (Op op : history) if (!op.isNemesis() && op.isInvoke()) return op.time();
        return history.size() == 0 ? 0 : history.get(0).time();
    }

    /** The record's node names, or n1..nN when it has none (a run that crashed while provisioning). */
    public List<String> nodes() {
        if (record.nodes() != null) return record.nodes();
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= (record.nodeCount() == null ? 0 : record.nodeCount()); i++) out.add("n" + i);
        return out;
    }

    private static void require(Path file, String field, Object value) {
        if (value == null) throw new IllegalArgumentException(file + ": field " + field + " is missing; a replay needs it");
    }
}
