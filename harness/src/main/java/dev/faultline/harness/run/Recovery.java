package dev.faultline.harness.run;

import dev.faultline.harness.spi.Db;
import dev.faultline.harness.spi.PrimaryAware;
import dev.faultline.harness.spi.TestContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.function.BooleanSupplier;

/** After the heal: wait until the target names a primary again, or a fixed grace for targets that cannot tell. */
final class Recovery {
    private static final Logger log = LoggerFactory.getLogger(Recovery.class);

    private Recovery() {
    }

    static void await(TestContext ctx, Db db, RunSettings settings, BooleanSupplier stop) throws InterruptedException {
        if (!(db instanceof PrimaryAware primaries)) {
            Thread.sleep(settings.healGrace().toMillis());
            return;
        }
        long deadline = System.nanoTime() + settings.recoveryTimeout().toNanos();
        while (!stop.getAsBoolean()) {
            Optional<String> primary = Optional.empty();
            try {
                primary = primaries.primary(ctx);
            } catch (RuntimeException e) {
                log.debug("asking for the primary failed: {}", e.toString());
            }
            if (primary.isPresent()) {
                log.info("cluster recovered: primary {}", primary.get());
                return;
            }
            if (System.nanoTime() > deadline) {
                log.warn("no primary {} s after healing; running the final phase anyway", settings.recoveryTimeout().toSeconds());
                return;
            }
            Thread.sleep(500);
        }
    }
}
