package dev.faultline.workloads.register;

import java.util.List;
import dev.faultline.harness.spi.ParamSpec;
import dev.faultline.harness.spi.Params;
import dev.faultline.harness.spi.TestOptions;

import java.time.Duration;

/**
 * Knobs of the register workload, from {@code --param k=v}.
 *
 * @param threadsPerKey     threads working on one key at a time ({@code threads-per-key}, default 5)
 * @param opsPerKey         ops per key before its group moves on ({@code ops-per-key}, default 100)
 * @param maxKeys           stop after this many keys, -1 for no bound ({@code max-keys})
 * @param values            values are drawn from 0..values-1 ({@code values}, default 5)
 * @param rate              target ops per second over all clients, 0 for as fast as possible ({@code rate}, default 200)
 * @param finalReadAttempts final reads per key until one succeeds ({@code final-read-attempts}, default 100, 500 ms apart: a restarted cluster may need 30 s to elect a leader on a loaded machine)
 * @param checkTimeLimit    linearizability search budget ({@code check-time-limit-s}, default 300)
 */
public record RegisterSettings(int threadsPerKey, long opsPerKey, long maxKeys, int values, double rate,
                               int finalReadAttempts, Duration checkTimeLimit) {
    /** Every {@code --param} key {@link #of} reads. */
    public static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.of("threads-per-key", 5, "threads working on one key at a time"),
            ParamSpec.of("ops-per-key", 100, "ops per key before its group of threads moves to a new key"),
            ParamSpec.of("max-keys", -1, "stop after this many keys; -1 for no bound"),
            ParamSpec.of("values", 5, "written values are drawn from 0..values-1"),
            ParamSpec.of("rate", 200, "target ops per second over all clients; 0 for as fast as possible"),
            ParamSpec.of("final-read-attempts", 100, "final reads per key after healing until one succeeds, 500 ms apart"),
            ParamSpec.of("check-time-limit-s", 300, "linearizability search budget in seconds"));

    public RegisterSettings {
        if (threadsPerKey < 1) throw new IllegalArgumentException("--param threads-per-key must be >= 1, was " + threadsPerKey);
        if (opsPerKey < 1) throw new IllegalArgumentException("--param ops-per-key must be >= 1, was " + opsPerKey);
        if (values < 1) throw new IllegalArgumentException("--param values must be >= 1, was " + values);
        if (rate < 0) throw new IllegalArgumentException("--param rate must be >= 0, was " + rate);
        if (finalReadAttempts < 1) throw new IllegalArgumentException("--param final-read-attempts must be >= 1, was " + finalReadAttempts);
    }

    public static RegisterSettings of(TestOptions o) {
        Params p = Params.of(o);
        return new RegisterSettings(
                p.intValue("threads-per-key", 5),
                p.longValue("ops-per-key", 100),
                p.longValue("max-keys", -1),
                p.intValue("values", 5),
                p.doubleValue("rate", 200),
                p.intValue("final-read-attempts", 100),
                p.seconds("check-time-limit-s", 300));
    }
}
