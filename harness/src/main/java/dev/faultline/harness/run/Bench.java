package dev.faultline.harness.run;

import dev.faultline.checkers.history.Op;
import dev.faultline.harness.generator.Generator;
import dev.faultline.harness.generator.Generators;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Harness overhead: how many ops per second the interpreter, workers and history file sustain
 * against a target that costs nothing (an in-process map). Usage:
 * {@code java -cp ... dev.faultline.harness.run.Bench [seconds=5] [concurrency=10]}.
 */
public final class Bench {
    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Result r = run(Duration.ofMillis((long) (seconds * 1000)), concurrency);
        System.out.printf("%d ops in %.2f s with %d workers: %.0f ops/s (history: %d lines)%n",
                r.ops, r.seconds, concurrency, r.ops / r.seconds, r.lines);
    }

    record Result(long ops, double seconds, long lines) {
    }

    static Result run(Duration d, int concurrency) throws Exception {
        Path dir = Files.createTempDirectory("faultline-bench");
        Path file = dir.resolve(dev.faultline.results.RunDir.HISTORY);
        Map<String, Long> data = new ConcurrentHashMap<>();
        HistoryRecorder recorder = new HistoryRecorder(HistorySinks.jsonl(file));
        long start = System.nanoTime();
        Generator gen = Generators.timeLimit(d, Generators.independentKeys(2, 1000, -1, k -> Generators.mix(
                Generators.fn(g -> Generators.invoke("read", "k" + k, null)),
                Generators.fn(g -> Generators.invoke("write", "k" + k, (long) g.random().nextInt(5))))));
        try (Interpreter interpreter = new Interpreter(recorder, concurrency, t -> new Worker() {
            @Override
            public Op invoke(Op op) {
                if (op.f().equals("read")) return op.ok(data.get(op.key()));
                data.put(op.key(), (Long) op.value());
                return op.ok(op.value());
            }

            @Override
            public void close() {
            }
        }, null, 1, Duration.ofSeconds(10), Duration.ofSeconds(10), () -> System.nanoTime() - start)) {
            interpreter.run(gen, d.plusSeconds(10), () -> false);
        }
        double secs = (System.nanoTime() - start) / 1e9;
        recorder.close();
        long ops = recorder.counts().invocations();
        long lines;
        try (var s = Files.lines(file)) {
            lines = s.count();
        }
        Files.delete(file);
        Files.delete(dir);
        return new Result(ops, secs, lines);
    }

}
