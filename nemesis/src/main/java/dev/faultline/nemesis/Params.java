package dev.faultline.nemesis;

import dev.faultline.harness.spi.ParamSpec;
import dev.faultline.harness.spi.TestOptions;

import java.time.Duration;

/** A fault's {@code --param} knobs ({@link dev.faultline.harness.spi.Params}) plus the run-wide nemesis settings. */
public final class Params extends dev.faultline.harness.spi.Params {
    /** Declared by every package that bounds its per-node actions with {@link #timeout}. */
    public static final ParamSpec TIMEOUT = ParamSpec.of("nemesis.timeout", "30s", "how long one fault may take on one node (e.g. 30s)");

    /** {@code NAME.targets}: which nodes a package acts on. */
    public static ParamSpec targets(String name) {
        return ParamSpec.of(name + ".targets", "one;minority;majority;all",
                "node specs to choose from, ';'-separated: one, minority, majority, all, primaries, or nodes such as n1,n3 (impossible defaults are left out)");
    }

    public Params(TestOptions options) {
        super(options);
    }

    /** The nemesis interval of the run (default 10 s). */
    public Duration interval() {
        Duration d = options().nemesisInterval();
        if (d == null) return Duration.ofSeconds(10);
        if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("--nemesis-interval must be positive, was " + d);
        return d;
    }

    /** How long one fault may take on one node ({@code --param nemesis.timeout}, default 30 s). */
    public Duration timeout() {
        return duration("nemesis.timeout", Duration.ofSeconds(30));
    }
}
