package dev.faultline.nemesis;

import dev.faultline.checkers.history.Op;
import dev.faultline.harness.spi.Nemesis;
import dev.faultline.harness.spi.TestContext;

import java.time.Duration;
import java.util.Random;
import java.util.Set;

/**
 * A nemesis with one kind of fault: {@code start} applies it to nodes it picks with its seeded
 * {@link #random}, {@code stop} removes it from every node. Any other op is a programming error.
 */
public abstract class StartStopNemesis implements Nemesis {
    private final String kind;
    private final String startF;
    private final String stopF;
    protected final Random random;
    protected final Duration timeout;

    /** {@code kind} names the nemesis in errors ("packet", "partition"). */
    protected StartStopNemesis(String kind, String startF, String stopF, long seed, Duration timeout) {
        this.kind = kind;
        this.startF = startF;
        this.stopF = stopF;
        this.random = new Random(seed);
        this.timeout = timeout;
    }

    protected abstract Op start(TestContext ctx, Op invocation);

    protected abstract Op stop(TestContext ctx, Op invocation);

    @Override
    public final Set<String> fs() {
        return Set.of(startF, stopF);
    }

    @Override
    public final Op invoke(TestContext ctx, Op invocation) {
        if (invocation.f().equals(startF)) return start(ctx, invocation);
        if (invocation.f().equals(stopF)) return stop(ctx, invocation);
        throw new IllegalArgumentException(kind + " nemesis cannot do " + invocation.f());
    }
}
