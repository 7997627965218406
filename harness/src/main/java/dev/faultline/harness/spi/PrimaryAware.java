package dev.faultline.harness.spi;

import java.util.Optional;

/**
 * A {@link Db} that can name the node it currently considers its primary (leader): faults can aim
 * at it ({@code primaries}) and the runner waits for one after healing instead of a fixed grace.
 */
public interface PrimaryAware {
    Optional<String> primary(TestContext ctx);
}
