package dev.faultline.nemesis;

import dev.faultline.harness.spi.Killable;
import dev.faultline.harness.spi.Pausable;
import dev.faultline.harness.spi.TestContext;

/**
 * The run's Db seen through one optional ability. The runner checks a package's abilities before the
 * run starts ({@code NemesisPackage.needs}); these guard nemeses called directly.
 */
public final class DbAbilities {
    private DbAbilities() {}

    public static Killable killable(TestContext ctx) {
        if (ctx.db() instanceof Killable k) return k;
        throw new IllegalStateException("the target cannot be killed (its Db is not Killable)");
    }

    public static Pausable pausable(TestContext ctx) {
        if (ctx.db() instanceof Pausable p) return p;
        throw new IllegalStateException("the target cannot be paused (its Db is not Pausable)");
    }
}
