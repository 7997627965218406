package dev.faultline.nemesis;

import dev.faultline.harness.spi.PrimaryAware;
import dev.faultline.harness.spi.TestContext;

import java.util.Optional;

/** Asks the target for its primary, treating a failure to answer as "not known". */
public final class Primary {
    private Primary() {
    }

    public static Optional<String> of(TestContext ctx) {
        try {
            return ctx.db() instanceof PrimaryAware p ? p.primary(ctx) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The primary if {@code spec} is {@code primaries} (the only spec that needs it), else empty without asking. */
    public static Optional<String> forSpec(TestContext ctx, NodeSpec spec) {
        return spec instanceof NodeSpec.Sized s && s.kind() == NodeSpec.Kind.PRIMARIES ? of(ctx) : Optional.empty();
    }
}
