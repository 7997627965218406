package dev.faultline.results;

import dev.faultline.checkers.history.History;
import dev.faultline.checkers.linearizable.Budget;
import dev.faultline.checkers.linearizable.LinearizabilityChecker;
import dev.faultline.checkers.model.RegisterModel;
import dev.faultline.checkers.history.Op;
import dev.faultline.checkers.history.OpType;
import dev.faultline.checkers.result.CheckResult;
import dev.faultline.checkers.result.Validity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Histories and results shaped like real runs, for tests and the report benchmark. */
final class SampleRuns {
    private SampleRuns() {}

    /**
     * A register history: {@code processes} clients doing write/read/cas on a few keys over
     * {@code ops} operations, a partition and a kill fault, every op completing ok, fail or info.
     * Values are plausible (reads return the last value written in generation order), not checked:
     * the report does not check, it shows the checker's verdict.
     */
    static History register(int ops, int processes, long seed) {
        Random rnd = new Random(seed);
        List<Op> out = new ArrayList<>(ops * 2 + 16);
        long[] busyUntil = new long[processes];
        int[] pid = new int[processes];
        for (int p = 0; p < processes; p++) pid[p] = p;
        Map<String, Long> value = new LinkedHashMap<>();
        // events sorted by time: we simulate sequentially, each op [t, t + latency] on its worker
        record Ev(long time, Op op) {}
        List<Ev> evs = new ArrayList<>(ops * 2 + 16);
        long now = 0;
        long totalSpan = Math.max(1, ops) * 600_000L / processes; // each worker: ~0.5 ms per op plus think time
        long partitionFrom = totalSpan / 4, partitionTo = totalSpan / 2;
        long killFrom = totalSpan * 3 / 5, killTo = totalSpan * 7 / 10;
        for (int n = 0; n < ops; n++) {
            int w = n % processes;
            now = busyUntil[w] + 1 + rnd.nextInt(200_000); // each worker thinks a little, then invokes again
            String key = "k" + (1 + rnd.nextInt(3));
            boolean faulty = (now > partitionFrom && now < partitionTo) || (now > killFrom && now < killTo);
            long latency = (long) (Math.exp(rnd.nextGaussian() * 0.6) * 400_000) + (faulty && rnd.nextInt(4) == 0 ? 50_000_000 : 0);
            int kind = rnd.nextInt(10);
            Op inv;
            if (kind < 4) inv = Op.invoke(pid[w], "write", key, (long) rnd.nextInt(5));
            else if (kind < 8) inv = Op.invoke(pid[w], "read", key, null);
            else inv = Op.invoke(pid[w], "cas", key, List.of((long) rnd.nextInt(5), (long) rnd.nextInt(5)));
            Op done;
            int roll = rnd.nextInt(100);
            if (faulty && roll < 8) {
                done = inv.info("timeout");
            } else if (faulty && roll < 16 || inv.f().equals("cas") && !value.getOrDefault(key, -1L).equals(((List<?>) inv.value()).get(0))) {
                done = inv.fail(inv.f().equals("cas") ? "precondition" : "unavailable");
            } else {
                switch (inv.f()) {
                    case "write" -> {
                        value.put(key, (Long) inv.value());
                        done = inv.ok(inv.value());
                    }
                    case "read" -> done = inv.ok(value.get(key));
                    default -> {
                        value.put(key, (Long) ((List<?>) inv.value()).get(1));
                        done = inv.ok(inv.value());
                    }
                }
            }
            evs.add(new Ev(now, inv));
            evs.add(new Ev(now + latency, done));
            busyUntil[w] = now + latency;
            if (done.isInfo()) pid[w] += processes; // a worker takes a fresh process after info
        }
        evs.add(new Ev(partitionFrom, new Op(-1, -1, Op.NEMESIS, OpType.INVOKE, "start-partition", null, null, null)));
        evs.add(new Ev(partitionFrom + 2_000_000, new Op(-1, -1, Op.NEMESIS, OpType.INFO, "start-partition", null,
                Map.of("n1", List.of("n3", "n4", "n5"), "n2", List.of("n3", "n4", "n5"), "n3", List.of("n1", "n2"),
                        "n4", List.of("n1", "n2"), "n5", List.of("n1", "n2")), null)));
        evs.add(new Ev(partitionTo, new Op(-1, -1, Op.NEMESIS, OpType.INVOKE, "stop-partition", null, null, null)));
        evs.add(new Ev(partitionTo + 1_000_000, new Op(-1, -1, Op.NEMESIS, OpType.INFO, "stop-partition", null, "healed", null)));
        evs.add(new Ev(killFrom, new Op(-1, -1, Op.NEMESIS, OpType.INVOKE, "kill", null, List.of("n2"), null)));
        evs.add(new Ev(killFrom + 3_000_000, new Op(-1, -1, Op.NEMESIS, OpType.INFO, "kill", null, List.of("n2"), null)));
        evs.add(new Ev(killTo, new Op(-1, -1, Op.NEMESIS, OpType.INVOKE, "restart", null, List.of("n2"), null)));
        evs.add(new Ev(killTo + 5_000_000, new Op(-1, -1, Op.NEMESIS, OpType.INFO, "restart", null, List.of("n2"), null)));
        evs.sort(java.util.Comparator.comparingLong(Ev::time));
        for (Ev e : evs) out.add(e.op().withTime(e.time()));
        return History.of(out);
    }

    /**
     * A small register history that is not linearizable: p1 writes 4 and it completes, then p2 reads
     * 3 while nothing else is in flight.
     */
    static History stale() {
        List<Op> ops = new ArrayList<>();
        long t = 1_000_000;
        ops.add(Op.invoke(0, "write", "k1", 3L).withTime(t));
        ops.add(Op.invoke(0, "write", "k1", 3L).ok(3L).withTime(t += 800_000));
        ops.add(Op.invoke(1, "read", "k1", null).withTime(t += 100_000));
        ops.add(Op.invoke(2, "write", "k2", 9L).withTime(t += 50_000));
        ops.add(Op.invoke(1, "read", "k1", null).ok(3L).withTime(t += 300_000));
        ops.add(new Op(-1, t += 10_000, Op.NEMESIS, OpType.INVOKE, "start-partition", null, null, null));
        ops.add(new Op(-1, t += 1_000_000, Op.NEMESIS, OpType.INFO, "start-partition", null,
                Map.of("n1", List.of("n2", "n3"), "n2", List.of("n1"), "n3", List.of("n1")), null));
        ops.add(Op.invoke(0, "write", "k1", 4L).withTime(t += 100_000));
        ops.add(Op.invoke(2, "write", "k2", 9L).info("timeout").withTime(t += 200_000));
        ops.add(Op.invoke(0, "write", "k1", 4L).ok(4L).withTime(t += 600_000));
        ops.add(Op.invoke(1, "read", "k1", null).withTime(t += 200_000));
        ops.add(Op.invoke(3, "cas", "k1", List.of(4L, 5L)).withTime(t += 100_000));
        ops.add(Op.invoke(3, "cas", "k1", List.of(4L, 5L)).fail("precondition").withTime(t += 700_000));
        ops.add(Op.invoke(1, "read", "k1", null).ok(3L).withTime(t += 300_000));
        ops.add(new Op(-1, t += 500_000, Op.NEMESIS, OpType.INVOKE, "stop-partition", null, null, null));
        ops.add(new Op(-1, t += 400_000, Op.NEMESIS, OpType.INFO, "stop-partition", null, null, null));
        return History.of(ops);
    }

    /** The real linearizability checker's verdict on {@link #stale()}, next to a valid stats result. */
    static CheckResult staleResult() {
        CheckResult lin = new LinearizabilityChecker(RegisterModel.casRegister(), null, Budget.DEFAULT, 1).check(stale());
        CheckResult stats = CheckResult.of("stats", Validity.VALID, "6 ok, 1 fail, 1 info");
        return CheckResult.compose("faultline", "not linearizable: key k1", List.of(lin, stats));
    }

    /**
     * A bank history: transfers between 3 accounts of 100 each and reads of all balances; after a
     * partition starts, one read sees a transfer's debit without its credit (total 90).
     */
    static History bank(int reads) {
        List<Op> ops = new ArrayList<>();
        long t = 0;
        long[] bal = {100, 100, 100};
        Random rnd = new Random(3);
        for (int i = 0; i < reads; i++) {
            int from = rnd.nextInt(3), to = (from + 1) % 3;
            long amount = 1 + rnd.nextInt(10);
            Op tr = Op.invoke(0, "transfer", null, Map.of("from", "a" + from, "to", "a" + to, "amount", amount));
            ops.add(tr.withTime(t += 1_000_000));
            bal[from] -= amount;
            bal[to] += amount;
            ops.add(tr.ok(tr.value()).withTime(t += 2_000_000));
            if (i == reads / 2) {
                ops.add(new Op(-1, t += 100_000, Op.NEMESIS, OpType.INFO, "start-partition", null, List.of(List.of("n1"), List.of("n2", "n3")), null));
            }
            Op rd = Op.invoke(1, "read", null, null);
            ops.add(rd.withTime(t += 500_000));
            long skew = i == reads / 2 + 3 ? 10 : 0; // the planted anomaly: 10 debited, not yet credited
            ops.add(rd.ok(Map.of("a0", bal[0] - skew, "a1", bal[1], "a2", bal[2])).withTime(t += 1_500_000));
        }
        ops.add(new Op(-1, t += 100_000, Op.NEMESIS, OpType.INFO, "stop-partition", null, null, null));
        return History.of(ops);
    }

    /** Writes a history as history.jsonl (the format in docs/architecture.md). */
    static void writeJsonl(History h, java.nio.file.Path file) throws java.io.IOException {
        StringBuilder b = new StringBuilder();
        for (Op op : h) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("index", op.index());
            m.put("time", op.time());
            m.put("process", op.isNemesis() ? "nemesis" : op.process());
            m.put("type", op.type().wireName());
            m.put("f", op.f());
            if (op.key() != null) m.put("key", op.key());
            m.put("value", op.value());
            if (op.error() != null) m.put("error", op.error());
            b.append(Json.mapper().writeValueAsString(m)).append('\n');
        }
        java.nio.file.Files.writeString(file, b);
    }

    /** The record of a completed raft-kv register run with partition and kill (restart) faults, as the runner writes it. */
    static RunRecord info(String name) {
        return new RunRecord(name, RunRecord.Status.COMPLETED, null, null, "raft-kv", "register", List.of("partition", "kill"),
                List.of("n1", "n2", "n3", "n4", "n5"), 5, 5, java.time.Duration.ofSeconds(60), java.time.Duration.ofSeconds(5), 42L,
                List.of(), Map.of(), "docker", java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(30),
                java.time.Instant.parse("2026-11-23T09:00:00Z"), java.time.Instant.parse("2026-11-23T09:01:02.500Z"),
                Map.of("setup", 3.2, "main", 60.0), Map.of("faultline", "0.1.0-SNAPSHOT", "raft-kv", "0.1.0-SNAPSHOT"),
                new RunRecord.OpCounts(10, 8, 1, 1),
                List.of(new FaultKind("partition", "start-partition", "stop-partition"), new FaultKind("kill", "kill", "restart")),
                null, new RunRecord.Checks(List.of(), "invalid", null));
    }

    /** {@link #info} with another status and error. */
    static RunRecord info(String name, RunRecord.Status status, String error) {
        RunRecord r = info(name);
        return new RunRecord(r.name(), status, error, r.source(), r.target(), r.workload(), r.nemeses(), r.nodes(), r.nodeCount(),
                r.concurrency(), r.timeLimit(), r.nemesisInterval(), r.seed(), r.unsafe(), r.params(), r.provisioner(), r.clientTimeout(),
                r.nemesisTimeout(), r.startTime(), r.endTime(), r.phaseSeconds(), r.versions(), r.ops(), r.faults(), r.targetFile(), r.checks());
    }

    /**
     * A 3-node run with the clock nemesis: clients read from 1 s (the main phase's start) to 10 s;
     * n1 bumped back 1.37 s at 3 s, all strobed by 2 s at 5 s, everything reset at 7 s and checked at 8 s
     * (the clock nemesis' records), then the runner's heal at 11 s. {@code shiftMs} moves every nemesis
     * op; {@code strobeError} makes the strobe fail on n3.
     */
    static History clock(long shiftMs, String strobeError) {
        long ms = 1_000_000;
        long shift = shiftMs * ms;
        List<Op> ops = new ArrayList<>();
        List<Ev> evs = new ArrayList<>();
        for (long t = 1000; t < 10_000; t += 250) {
            Op inv = Op.invoke((int) (t / 250) % 3, "read", "k1", null);
            evs.add(new Ev(t * ms, inv));
            evs.add(new Ev(t * ms + 40 * ms, inv.ok(0L)));
        }
        Map<String, Object> n1 = Map.of("delta-ms", -1370L, "offset-ms", -1370L, "file", "-1.370");
        nemesis(evs, 3000 * ms + shift, 3100 * ms + shift, "bump-clock", Map.of("targets", "one", "delta-ms", -1370L), Map.of("n1", n1), null);
        Map<String, Object> strobed = new LinkedHashMap<>();
        strobed.put("n1", Map.of("delta-ms", 2000L, "period-ms", 1000L, "flips", 2L, "offset-ms", -1370L, "file", "-1.370"));
        strobed.put("n2", Map.of("delta-ms", 2000L, "period-ms", 1000L, "flips", 2L, "offset-ms", 0L, "file", "+0"));
        if (strobeError == null) strobed.put("n3", Map.of("delta-ms", 2000L, "period-ms", 1000L, "flips", 2L, "offset-ms", 0L, "file", "+0"));
        nemesis(evs, 5000 * ms + shift, 6600 * ms + shift, "strobe-clock",
                Map.of("targets", "all", "delta-ms", 2000L, "period-ms", 1000L, "duration-ms", 1500L), strobed, strobeError);
        Map<String, Object> zero = Map.of("offset-ms", 0L, "file", "+0");
        nemesis(evs, 7000 * ms + shift, 7100 * ms + shift, "reset-clock", Map.of("targets", "all"), Map.of("n1", zero, "n2", zero, "n3", zero), null);
        nemesis(evs, 8000 * ms + shift, 8200 * ms + shift, "check-clock", null, Map.of("n1", zero, "n2", zero, "n3", zero), null);
        nemesis(evs, 11_000 * ms, 11_100 * ms, FaultKind.HEAL_F, null, "healed", null);
        evs.sort(java.util.Comparator.comparingLong(Ev::time));
        for (Ev e : evs) ops.add(e.op().withTime(e.time()));
        return History.of(ops);
    }

    private record Ev(long time, Op op) {}

    private static void nemesis(List<Ev> evs, long at, long done, String f, Object value, Object result, String error) {
        Op inv = new Op(-1, at, Op.NEMESIS, OpType.INVOKE, f, null, value, null);
        evs.add(new Ev(at, inv));
        evs.add(new Ev(done, inv.complete(OpType.INFO, result, error)));
    }

    /** The record of the 3-node lock run with the clock nemesis of {@link #clock}. */
    static RunRecord clockInfo(String name) {
        RunRecord r = info(name);
        return new RunRecord(name, RunRecord.Status.COMPLETED, null, null, "lock", "lock", List.of("clock"), List.of("n1", "n2", "n3"), 3, 3,
                java.time.Duration.ofSeconds(9), java.time.Duration.ofSeconds(2), 7L, List.of("wall-clock-lease"), Map.of(), "docker",
                r.clientTimeout(), r.nemesisTimeout(), r.startTime(), r.endTime(), r.phaseSeconds(), r.versions(), r.ops(),
                List.of(new FaultKind("clock", "bump-clock", "reset-clock"), new FaultKind("clock", "strobe-clock", "reset-clock")),
                null, r.checks());
    }
}
