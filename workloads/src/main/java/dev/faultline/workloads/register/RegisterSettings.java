package dev.faultline.workloads.register;

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
    public RegisterSettings {
        if (threadsPerKey < 1) throw new IllegalArgumentException("--param threads-per-key must be >= 1, was " + threadsPerKey);
        if (opsPerKey < 1) throw new IllegalArgumentException("--param ops-per-key must be >= 1, was " + opsPerKey);
        if (values < 1) throw new IllegalArgumentException("--param values must be >= 1, was " + values);
        if (rate < 0) throw new IllegalArgumentException("--param rate must be >= 0, was " + rate);
        if (finalReadAttempts < 1) throw new IllegalArgumentException("--param final-read-attempts must be >= 1, was " + finalReadAttempts);
    }

    public static RegisterSettings of(TestOptions o) {
        return new RegisterSettings(
                intParam(o, "threads-per-key", 5),
                longParam(o, "ops-per-key", 100),
                longParam(o, "max-keys", -1),
                intParam(o, "values", 5),
                doubleParam(o, "rate", 200),
                intParam(o, "final-read-attempts", 100),
                Duration.ofSeconds(longParam(o, "check-time-limit-s", 300)));
    }

    private static int intParam(TestOptions o, String name, int fallback) {
        return (int) longParam(o, name, fallback);
    }

    private static long longParam(TestOptions o, String name, long fallback) {
        String v = o.param(name, null);
        if (v == null) return fallback;
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--param " + name + "=" + v + ": not an integer");
        }
    }

    private static double doubleParam(TestOptions o, String name, double fallback) {
        String v = o.param(name, null);
        if (v == null) return fallback;
        try {
            return Double.parseDouble(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--param " + name + "=" + v + ": not a number");
        }
    }
}
