package dev.faultline.workloads.lock;

import dev.faultline.harness.spi.ParamSpec;
import dev.faultline.harness.spi.Params;
import dev.faultline.harness.spi.TestOptions;

import java.util.ArrayList;
import java.util.List;

/**
 * Parameters of the lock workload ({@code --param lock.NAME=VALUE}).
 *
 * @param locks        how many lock names the clients contend for ({@code lock-0}, {@code lock-1}, ...)
 * @param ttlMs        lease asked for in every acquire
 * @param slowFraction share of holds in which the client sleeps past its lease before writing
 * @param slowFactor   a slow holder writes this many TTLs after its acquire completed
 * @param maxWrites    writes per hold: 1..maxWrites
 * @param renewChance  chance that a (fast) holder renews between writes
 * @param backoffMs    pause after an acquire that did not succeed
 * @param checks       what the verdict judges: {@code all} (mutual exclusion and fencing) or {@code fencing}
 *                     (the resource alone, for a lock that is not meant to exclude under every fault and
 *                     relies on the fenced resource, e.g. Redlock under clock jumps; docs/lock.md)
 */
public record LockWorkloadOptions(int locks, long ttlMs, double slowFraction, double slowFactor, int maxWrites,
                                  double renewChance, long backoffMs, String checks) {
    public static final String CHECK_ALL = "all";
    public static final String CHECK_FENCING = "fencing";

    /** Every {@code --param} key {@link #from} reads. */
    public static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.of("lock.locks", 2, "how many lock names the clients contend for"),
            ParamSpec.of("lock.ttl-ms", 2000, "lease in ms asked for in every acquire"),
            ParamSpec.of("lock.slow-fraction", 0.2, "share of holds in which the client sleeps past its lease before writing"),
            ParamSpec.of("lock.slow-factor", 1.5, "a slow holder writes this many TTLs after its acquire completed"),
            ParamSpec.of("lock.writes", 2, "writes per hold: 1..lock.writes"),
            ParamSpec.of("lock.renew-chance", 0.2, "chance that a fast holder renews between writes"),
            ParamSpec.of("lock.backoff-ms", 200, "pause in ms after an acquire that did not succeed"),
            ParamSpec.of("lock.checks", CHECK_ALL, "what the verdict judges: all (mutual exclusion and fencing) or fencing "
                    + "(the fenced resource alone; mutual exclusion is still reported)"));

    public LockWorkloadOptions {
        if (locks < 1) throw new IllegalArgumentException("lock.locks must be >= 1, was " + locks);
        if (ttlMs < 1) throw new IllegalArgumentException("lock.ttl-ms must be >= 1, was " + ttlMs);
        if (slowFraction < 0 || slowFraction > 1) throw new IllegalArgumentException("lock.slow-fraction must be in [0, 1], was " + slowFraction);
        if (slowFactor < 1) throw new IllegalArgumentException("lock.slow-factor must be >= 1, was " + slowFactor);
        if (maxWrites < 1) throw new IllegalArgumentException("lock.writes must be >= 1, was " + maxWrites);
        if (renewChance < 0 || renewChance > 1) throw new IllegalArgumentException("lock.renew-chance must be in [0, 1], was " + renewChance);
        if (backoffMs < 0) throw new IllegalArgumentException("lock.backoff-ms must be >= 0, was " + backoffMs);
        if (!checks.equals(CHECK_ALL) && !checks.equals(CHECK_FENCING)) {
            throw new IllegalArgumentException("lock.checks must be " + CHECK_ALL + " or " + CHECK_FENCING + ", was '" + checks + "'");
        }
    }

    public static LockWorkloadOptions defaults() {
        return new LockWorkloadOptions(2, 2000, 0.2, 1.5, 2, 0.2, 200, CHECK_ALL);
    }

    public static LockWorkloadOptions from(TestOptions options) {
        LockWorkloadOptions d = defaults();
        Params p = Params.of(options);
        return new LockWorkloadOptions(
                p.intValue("lock.locks", d.locks()),
                p.longValue("lock.ttl-ms", d.ttlMs()),
                p.doubleValue("lock.slow-fraction", d.slowFraction()),
                p.doubleValue("lock.slow-factor", d.slowFactor()),
                p.intValue("lock.writes", d.maxWrites()),
                p.doubleValue("lock.renew-chance", d.renewChance()),
                p.longValue("lock.backoff-ms", d.backoffMs()),
                p.string("lock.checks", d.checks()).strip());
    }

    public List<String> lockNames() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < locks; i++) names.add("lock-" + i);
        return names;
    }
}
